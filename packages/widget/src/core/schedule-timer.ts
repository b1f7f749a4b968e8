import { effect } from '@preact/signals-core';
import { scheduleState } from '@parley/protocol';
import type { WidgetState } from './state';

// setTimeout stores its delay in 32 bits; a later change is reached in several hops.
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Keeps `scheduleOpen` current with one timer set to the schedule's next change (never a polling
 * interval). Re-arms when the schedule or the known server clock offset changes.
 */
export function watchSchedule(state: WidgetState, win: Pick<Window, 'setTimeout' | 'clearTimeout'>, now = () => Date.now()): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = effect(() => {
    const schedule = state.effective.value?.config.schedule;
    const offset = state.clockOffset.value;
    if (timer !== undefined) win.clearTimeout(timer);
    timer = undefined;
    if (!schedule) return;
    const tick = () => {
      const at = now() + offset;
      const s = scheduleState(schedule, at);
      state.scheduleOpen.value = s.open;
      if (s.nextChange !== null) timer = win.setTimeout(tick, Math.min(MAX_DELAY, Math.max(0, s.nextChange - at) + 50));
    };
    tick();
  });
  return () => {
    stop();
    if (timer !== undefined) win.clearTimeout(timer);
  };
}
