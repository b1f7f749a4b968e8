import { signal, type Signal } from '../core/signals';
import type { SessionContext } from '../core/contract';
import type { VisitorCallFrame } from '@parley/protocol';

export interface CallHostDeps {
  ctx: SessionContext;
  send(frame: VisitorCallFrame): boolean;
  /** The built-in texts of the shown locale (a call may ring before the panel ever opened). */
  texts(): Promise<unknown>;
  /** A fresh call id (128 random bits). */
  newId(): string;
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
 * The chat chunk's side of calls: nothing but a flag and a queue. The call chunk (WebRTC, its
 * panel and validators) is imported on the first call frame or when the visitor starts a call;
 * frames that arrive while it loads are handed over in order.
 */
export function createCallHost(deps: CallHostDeps): CallHost {
  const enabled = signal(false);
  const busy = signal(false);
  let ui: Promise<CallUi> | null = null;
  let destroyed = false;
  const load = (): Promise<CallUi> => {
    ui ??= Promise.all([import('../ui/call-panel'), deps.texts()]).then(([m]) => m.createCallUi({ ...deps, busy }));
    // A failed chunk load (network) may be retried by the next frame or click.
    ui.catch(() => (ui = null));
    return ui;
  };
  const use = (fn: (c: CallUi) => void) => {
    if (!destroyed)
      void load().then(
        (c) => !destroyed && fn(c),
        () => undefined,
      );
  };
  return {
    enabled,
    busy,
    frame: (raw) => use((c) => c.frame(raw)),
    start: (video) => use((c) => c.start(video)),
    destroy() {
      destroyed = true;
      void ui?.then(
        (c) => c.destroy(),
        () => undefined,
      );
    },
  };
}
