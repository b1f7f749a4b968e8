import { signal } from '../core/signals';
import { h, render } from 'preact';
import type { CallHost, CallHostDeps, CallUi } from './call-contract';
import { CALL_ICONS } from '../ui/call-icons';

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
    ui ??= Promise.all([import('../ui/call-panel'), deps.texts()]).then(([m]) => m.createCallUi({ ...deps, busy, h, render, icons: CALL_ICONS }));
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
