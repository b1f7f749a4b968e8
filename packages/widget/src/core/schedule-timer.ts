import { effect } from './signals';
import { scheduleState } from '@parley/protocol';
import type { WidgetState } from './state';

// setTimeout stores its delay in 32 bits; a later change is reached in several hops.
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Working hours given to `init({ schedule })`: keeps `scheduleOverride` current with one timer
 * set to the schedule's next change (never a polling interval), and re-arms when the schedule or
 * the known server clock offset changes. Without that option the server evaluates the project's
 * schedule and sends it in the presence; this module (and protocol's schedule rules) is then
 * never loaded.
 */
export function watchSchedule(state: WidgetState, win: Pick<Window, 'setTimeout' | 'clearTimeout'>, now = () => Date.now()): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = effect(() => {
    const schedule = state.settings.value.schedule;
    const offset = state.clockOffset.value;
    if (timer !== undefined) win.clearTimeout(timer);
    timer = undefined;
    if (!schedule) {
      state.scheduleOverride.value = null;
      return;
    }
    const tick = () => {
      const at = now() + offset;
      const s = scheduleState(schedule, at);
      state.scheduleOverride.value = s.open;
      if (s.nextChange !== null) timer = win.setTimeout(tick, Math.min(MAX_DELAY, Math.max(0, s.nextChange - at) + 50));
    };
    tick();
  });
  return () => {
    stop();
    if (timer !== undefined) win.clearTimeout(timer);
    state.scheduleOverride.value = null;
  };
}
