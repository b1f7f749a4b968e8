import { signal, type Signal } from '@preact/signals';
import type { FunctionComponent } from 'preact';
import type { OperatorCallFrame } from '@parley/protocol';

export interface ConsoleCallDeps {
  window: Window & typeof globalThis;
  send(frame: OperatorCallFrame): boolean;
  openDialog(dialogId: string): void;
  /** The visitor's name as the lists show it ('' when the dialog is not in them). */
  nameOf(dialogId: string): string;
  /** Uploads a consented call recording (tagged with its call) and posts it into the dialog. */
  saveRecording(dialogId: string, callId: string, file: File): Promise<void>;
  /** A visitor's call rings here (on) or no longer does: the console's sound setting decides whether it is heard. */
  ring(on: boolean): void;
}

/** What the call chunk gives back: the frame handler, the actions, and the dock it renders. */
export interface ConsoleCallUi {
  frame(raw: unknown): void;
  refused(callId: string, message: string): void;
  start(dialogId: string, name: string, video: boolean): void;
  /** The dialog a call rings or runs in (its header hides the call buttons). */
  busy: Signal<string | null>;
  Dock: FunctionComponent;
  destroy(): void;
}

/**
 * The console's side of calls before a call: a queue. The call chunk (WebRTC and the call dock)
 * is wanted on the first call frame or when the operator starts a call; the dock's slot
 * (ui/call-buttons.tsx) imports it and attaches it here, and the queued work runs in order.
 */
export function createConsoleCalls(deps: ConsoleCallDeps) {
  const ui = signal<ConsoleCallUi | null>(null);
  const wanted = signal(false);
  let queue: ((c: ConsoleCallUi) => void)[] = [];
  let destroyed = false;
  const use = (fn: (c: ConsoleCallUi) => void) => {
    if (destroyed) return;
    const c = ui.peek();
    if (c) return fn(c);
    queue.push(fn);
    wanted.value = true;
  };
  return {
    ui,
    wanted,
    deps,
    attach(c: ConsoleCallUi): void {
      if (destroyed || ui.peek()) return c.destroy();
      ui.value = c;
      const todo = queue;
      queue = [];
      for (const fn of todo) fn(c);
    },
    frame: (raw: unknown) => use((c) => c.frame(raw)),
    refused: (callId: string, message: string) => ui.peek()?.refused(callId, message),
    start: (dialogId: string, name: string, video: boolean) => use((c) => c.start(dialogId, name, video)),
    destroy() {
      destroyed = true;
      queue = [];
      ui.peek()?.destroy();
    },
  };
}
export type ConsoleCalls = ReturnType<typeof createConsoleCalls>;
