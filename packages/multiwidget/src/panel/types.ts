import type { FilterDeviceType, Locale, TextsSettings } from '@parley/protocol';
import type { ChannelEntry } from '../channels';

export type ChatStatus = 'idle' | 'loading' | 'failed';

/** What the launcher hands the lazily loaded panel; the panel re-renders whenever it changes. */
export interface PanelProps {
  /** The channels the rules offer here and now, in the project's order. */
  channels: ChannelEntry[];
  device: FilterDeviceType;
  /** The visitor's dialog reference for passRef channels, or null. */
  dialogRef: string | null;
  /**
   * The proof the page gave identify(), or null. A signed-in visitor's Telegram link gets its ref
   * from the server on the click (channel-ref.ts), never the dialog id.
   */
  identity(): unknown;
  locale: Locale;
  texts: TextsSettings | undefined;
  chatStatus: ChatStatus;
  /** Every activation of a channel, before its own action: goals and the host page's hooks. */
  onActivate(entry: ChannelEntry): void;
  /** The chat channel was chosen. */
  onChat(entry: ChannelEntry): void;
  /** Where callback requests go (the panel sends them itself: the launcher never loads that code). */
  server: string;
  project: string;
  onCallbackSent(): void;
}

export interface PanelHandle {
  update(props: PanelProps): void;
  /** Moves focus into the panel (first item of the current view). */
  focus(): void;
  destroy(): void;
}
