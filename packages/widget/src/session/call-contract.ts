import type { Signal } from '../core/signals';
import type { SessionContext } from '../core/contract';
import type { VisitorCallFrame } from '@parley/protocol';
import type { h, render } from 'preact';

/** What the chat chunk and the call chunk share about calls. Types only. */
export interface CallHostDeps {
  ctx: SessionContext;
  send(frame: VisitorCallFrame): boolean;
  /** The built-in texts of the shown locale (a call may ring before the panel ever opened). */
  texts(): Promise<unknown>;
  /** A fresh call id (128 random bits). */
  newId(): string;
  /** No ring: the project's sound is off or the visitor muted the widget. */
  silent(): boolean;
}

/** What the call chunk gives back. */
export interface CallUi {
  frame(raw: unknown): void;
  start(video: boolean): void;
  destroy(): void;
}

export interface CallHost {
  /** The project takes calls (from the welcome). */
  enabled: Signal<boolean>;
  /** A call rings or runs: the header's call buttons hide. */
  busy: Signal<boolean>;
  frame(raw: unknown): void;
  start(video: boolean): void;
  destroy(): void;
}

/**
 * What the chat chunk hands the call chunk besides CallHostDeps (Preact's h and render, so the call
 * chunk imports from the chat chunk only the validators' combinators of core/check-chat.ts).
 */
export interface CallChunkDeps {
  busy: Signal<boolean>;
  h: typeof h;
  render: typeof render;
  icons: { phone: string; video: string };
}
