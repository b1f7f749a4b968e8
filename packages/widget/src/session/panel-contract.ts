import type { ReadonlySignal } from '../core/signals';
import type { SessionContext } from '../core/contract';
import type { Chat } from './chat';
import type { SocketStatus } from './socket';
import type { CallHost } from './call-contract';

/** What the panel chunk gets from the session. Types only. */
export interface PanelDeps {
  ctx: SessionContext;
  chat: Chat;
  status: ReadonlySignal<SocketStatus>;
  /** Calls: whether the project takes them, and starting one (the call chunk loads then). */
  calls: CallHost;
  /** Loads the texts of the views loaded on need (with them: forms, rating, Help, My requests); false when they did not come. */
  moreTexts(): Promise<boolean>;
  /** The visitor's token, once the server has given one (connected: `status` online). */
  token(): string | undefined;
  /** GET a route of the server (with this visitor's token once there is one): the JSON body, or null when it failed. */
  get(path: string): Promise<unknown>;
  /** POST JSON to a route of the server (with this visitor's token once there is one); whether it was accepted. */
  post(path: string, body: unknown): Promise<boolean>;
  /** The visitor muted the sound (kept on this device, per project). */
  muted: ReadonlySignal<boolean>;
  setMuted(on: boolean): void;
}
