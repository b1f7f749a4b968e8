import { signal, type Signal } from '@preact/signals';
import type { FunctionComponent } from 'preact';
import type { OperatorCallFrame } from '@parley/protocol';

export interface ConsoleCallDeps {
  window: Window & typeof globalThis;
  send(frame: OperatorCallFrame): boolean;
  openDialog(dialogId: string): void;
  /** The visitor's name as the lists show it ('' when the dialog is not in them). */
  nameOf(dialogId: string): string;
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
 * is imported on the first call frame or when the operator starts a call.
 */
export function createConsoleCalls(deps: ConsoleCallDeps) {
  const ui = signal<ConsoleCallUi | null>(null);
  let loading: Promise<ConsoleCallUi> | null = null;
  let destroyed = false;
  const load = () => {
    loading ??= import('../ui/call/call-controller').then((m) => (ui.value = m.createCallController(deps)));
    loading.catch(() => (loading = null));
    return loading;
  };
  const use = (fn: (c: ConsoleCallUi) => void) => {
    if (!destroyed)
      void load().then(
        (c) => !destroyed && fn(c),
        () => undefined,
      );
  };
  return {
    ui,
    frame: (raw: unknown) => use((c) => c.frame(raw)),
    refused: (callId: string, message: string) => ui.peek()?.refused(callId, message),
    start: (dialogId: string, name: string, video: boolean) => use((c) => c.start(dialogId, name, video)),
    destroy() {
      destroyed = true;
      ui.peek()?.destroy();
    },
  };
}
export type ConsoleCalls = ReturnType<typeof createConsoleCalls>;
