/**
 * What the loader hands to the lazily loaded session chunk, and what it gets back. Types only:
 * the loader never imports the session's code, so nothing of it lands in the initial bundle.
 */
import type { PageInfo } from '@parley/protocol';
import type { EventProps, IdentifyCallback, WidgetEventMap, WidgetEventName } from '../types';
import type { Host } from './host';
import type { WidgetState } from './state';

/** A `parley('event', …)` call, as the loader keeps it until the session takes it over. */
export interface TrackedEvent {
  clientId: string;
  name: string;
  props?: EventProps | undefined;
  /** When it was called (client clock, ms). */
  at: number;
}

export type Emit = <K extends WidgetEventName>(event: K, payload: WidgetEventMap[K]) => void;

export interface SessionContext {
  win: Window & typeof globalThis;
  doc: Document;
  server: string;
  project: string;
  /** init({ app }), unchecked: the session checks it. */
  app: unknown;
  state: WidgetState;
  emit: Emit;
  host: Host;
  /** The launcher button, where focus returns when the panel closes (null without a launcher). */
  launcher(): HTMLElement | null;
  /** The last identify() input, unvalidated: the session checks it. */
  identity: unknown;
  /** The page's `identify` option (asks for a fresh proof, e.g. before a JWT expires), if any. */
  identifyCallback(): IdentifyCallback | undefined;
  /** setCustomParams() inputs before the chat loaded, in order, unchecked (the session checks them). */
  params: unknown[];
  /** Events tracked before the session existed (also in localStorage under hintKeys.events, for later pages). */
  events: TrackedEvent[];
  page(): PageInfo;
  /** The panel asks the widget to close (close button, Escape). */
  close(): void;
  /** The server says the project config changed. */
  reloadConfig(): void;
}

/** A page seen before the chat connected, kept on the device for the hello (the journey, issue 16). */
export type JourneyPage = PageInfo & { at: number };

export interface Session {
  /** Validates and applies identify() input; rejects with a ParleyError when it is malformed. */
  identify(input: unknown): Promise<void>;
  logout(): Promise<void>;
  /** A setCustomParams() input, checked here. */
  setParams(input: unknown): void;
  /**
   * Reports a page view. `settle`: the app sets the new route's title after this call, so the
   * report waits for the title to settle (the previous route's pending report goes first).
   */
  page(info: PageInfo, settle?: boolean): void;
  track(event: TrackedEvent): void;
  /** Mounts the panel (once); resolves when it can be shown. */
  showPanel(): Promise<void>;
  destroy(): void;
}

export type CreateSession = (ctx: SessionContext) => Session;
