/**
 * Public types of the widget: the options of `createWidget` / `parley('init', …)`, the instance
 * methods and the events. Plain interfaces, so the published .d.ts needs nothing else.
 */
import type { GoalTargets } from './core/goals';

export type Locale = 'ru' | 'en' | 'fr';
export type FilterDevice = 'desktop' | 'tablet' | 'mobile';
export type WidgetMode = 'chat' | 'offline-form' | 'hidden';
export type { GoalTargets };

export interface TimeRange {
  from: string;
  to: string;
}
/** Working hours, as in the project settings (see @parley/protocol rules/schedule). */
export interface ScheduleOption {
  alwaysOn: boolean;
  timeZone: string;
  days: Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', TimeRange[]>;
}

export interface AppearanceOption {
  /** Accent colour, `#rrggbb`. */
  color?: string;
  position?: 'bottom-right' | 'bottom-left';
  offsetX?: number;
  offsetY?: number;
  zIndex?: number;
  theme?: 'auto' | 'light' | 'dark';
}

/** `{ ru: {...}, en: {...} }` per locale, or a flat `{ 'launcher.open': '…' }` for every locale. */
export type TextsInput = Partial<Record<Locale, Record<string, string>>> | Record<string, string>;

export type WidgetEventName =
  'ready' | 'open' | 'close' | 'message:sent' | 'message:received' | 'unread' | 'offline-form:submitted' | 'rating:submitted' | 'online-change';

export type Goals = Partial<Record<WidgetEventName, GoalTargets>>;

export interface WidgetOptions {
  /** Project id from the console, e.g. `demo`. */
  project: string;
  /**
   * Origin of the Parley server, e.g. `https://chat.example.com`. The one-script embed takes it
   * from its own URL; the ESM package needs it.
   */
  server?: string;
  /** Instance name for several widgets through the global API: `parley('support:open')`. */
  name?: string;
  /** Language; the project's default language otherwise. */
  locale?: Locale;
  /** Text overrides, on top of the project's. */
  texts?: TextsInput;
  /**
   * Page filter overriding the project's: entries separated by commas or new lines, `!` excludes
   * (`'/pricing, /blog/*, !/blog/drafts/*'`). `false` shows the widget on every page.
   */
  pageFilter?: string | false | { enabled: boolean; rules: string };
  /** Device types to show on, overriding the project's; `[]` means every device. */
  devices?: FilterDevice[];
  /** Working hours overriding the project's. */
  schedule?: ScheduleOption;
  /** Show the offline form when nobody can answer (overrides the project's setting). */
  offlineForm?: boolean;
  appearance?: AppearanceOption;
  /** `false`: no launcher button; open the chat from your own UI with `open()`. */
  launcher?: boolean;
  /** Analytics goals per event. */
  goals?: Goals;
  /** Set by a native app embedding the widget in a WebView. */
  app?: { platform: 'android' | 'ios' | 'windows'; version: string };
  /** CSP nonce for the style element used where constructable stylesheets are missing. */
  nonce?: string;
  /**
   * Asked for a fresh proof of the signed-in visitor: a minute before a JWT's `exp`, and when the
   * server reports it expired (a session opened with a JWT ends at its `exp`). Return what
   * `identify()` takes (have your back end sign a new JWT), or `null` when nobody is signed in any
   * more (the widget signs out). Throwing, or returning nothing usable, carries on anonymously.
   */
  identify?: IdentifyCallback;
}

/** The `identify` option: the page's way to hand over a fresh proof (like Intercom's and Crisp's). */
export type IdentifyCallback = () => IdentifyInput | null | Promise<IdentifyInput | null>;

export interface IdentifyInput {
  /** Your user id (with `signature`), or omit it and pass `jwt`. */
  id?: string;
  /** Hex HMAC-SHA256 of `id` with the project's HMAC key, computed on your server. */
  signature?: string;
  /** HS256 JWT with `sub` and `exp`, signed with the project's JWT key on your server. */
  jwt?: string;
  name?: string;
  email?: string;
  phone?: string;
}

/** Properties of a developer event: up to 20, each a string (≤ 255 characters), number, boolean or null. */
export type EventProps = Record<string, string | number | boolean | null>;

export interface PageInput {
  url?: string;
  title?: string;
}

export interface MessageEventPayload {
  id: string;
  dialogId: string;
  text: string;
  author: { kind: 'visitor' | 'operator' | 'system'; name?: string };
}

export interface WidgetEventMap {
  ready: { mode: WidgetMode; visible: boolean };
  open: Record<string, never>;
  close: Record<string, never>;
  'message:sent': MessageEventPayload & { clientId: string };
  'message:received': MessageEventPayload;
  unread: { count: number };
  'offline-form:submitted': { id: string };
  'rating:submitted': { id: string; score: number };
  'online-change': { online: boolean; mode: WidgetMode };
}

export interface Widget {
  /** Applies options (merged over earlier ones) and starts the widget; resolves once it is ready. */
  init(options?: Partial<WidgetOptions>): Promise<void>;
  /** Opens the chat panel; resolves once it is shown. */
  open(): Promise<void>;
  close(): void;
  toggle(): Promise<void>;
  /** Shows the widget again after `hide()` (page, device and availability rules still apply). */
  show(): void;
  /** Hides the launcher and the panel until `show()`. */
  hide(): void;
  /** Signs the visitor in; resolves once the server has verified the proof. */
  identify(identity: IdentifyInput): Promise<void>;
  /** Signs the visitor out and forgets this visitor's data on this device. */
  logout(): Promise<void>;
  /** Merges parameters operators see on the dialog; `null` removes one. Callable before init. */
  setCustomParams(params: Record<string, string | number | boolean | null>): void;
  setLocale(locale: Locale): void;
  setTexts(texts: TextsInput): void;
  /** Reports a page change (single-page apps without the Navigation API). */
  page(info?: PageInput): void;
  /**
   * Records what the visitor did (`'checkout_started'`, `{ plan: 'pro' }`) on their timeline, for
   * operators to see beside the conversation. Kept on the device until the chat connects (the
   * visitor's first interaction, or at once for one with a conversation), then sent once.
   */
  event(name: string, props?: EventProps): void;
  on<K extends WidgetEventName>(event: K, fn: (payload: WidgetEventMap[K]) => void): () => void;
  off<K extends WidgetEventName>(event: K, fn: (payload: WidgetEventMap[K]) => void): void;
  /** Removes every node, listener, timer and connection of this widget. */
  destroy(): void;
}
