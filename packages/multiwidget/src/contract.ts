/**
 * What the always-loaded launcher hands the lazily loaded controller, and what it gets back.
 * Types only: the launcher never imports the controller's code.
 */
import type { FilterDeviceType, Locale } from '@parley/protocol';
import type { ChannelEntry } from './channels';
import type { MultiwidgetConfig } from './config';
import type { MultiwidgetGoals } from './goals';
import type { Launcher } from './launcher';
import type { Markers } from './markers';

export interface MultiwidgetEventMap {
  ready: { channels: string[] };
  open: Record<string, never>;
  close: Record<string, never>;
  /** A channel was chosen in the list: `channel` is its kind (`chat`, `telegram`…). */
  'channel:click': { channel: string; index: number };
  'callback:sent': Record<string, never>;
}
export type MultiwidgetEventName = keyof MultiwidgetEventMap;

/** The chat behind the "online chat" channel: the widget's own, loaded only when chosen. */
export interface ChatAdapter {
  open(): Promise<void>;
  close(): void;
  /** Reports the chat panel opening and closing (also when the visitor closes it in the chat). */
  onOpenChange(fn: (open: boolean) => void): () => void;
  /** Whether the chat panel is open now. */
  isOpen(): boolean;
  /** The visitor's current dialog id, when the chat knows one. */
  dialogId(): string | null;
  destroy(): void;
}

export interface ControllerContext {
  options: { project: string; server: string; goals?: MultiwidgetGoals | undefined };
  launcher: Launcher;
  markers: Markers;
  config(): MultiwidgetConfig;
  channels(): ChannelEntry[];
  locale(): Locale;
  device(): FilterDeviceType;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** The proof the page gave identify() (unchecked: the server checks it), or null for an anonymous visitor. */
  identity(): unknown;
  emit<K extends MultiwidgetEventName>(event: K, payload: MultiwidgetEventMap[K]): void;
  loadChat(): Promise<ChatAdapter>;
  /** The list or the chat is open: the button turns into a close button. */
  setExpanded(expanded: boolean): void;
  warn(message: string): void;
}

export interface Controller {
  open(): Promise<void>;
  close(): void;
  toggle(): Promise<void>;
  /** Loads the chat (if needed) and follows it: the chat was asked for through the global API. */
  attachChat(): Promise<void>;
  /** The launcher's state changed (channels, locale): re-render. */
  update(): void;
  destroy(): void;
}
