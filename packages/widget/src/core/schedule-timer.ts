import { effect } from './signals';
import { scheduleState } from '@parley/protocol';
import type { WidgetState } from './state';
import { checkSchedule } from '../generated/validators-schedule';
import { parse } from './check';
import { warn } from './warn';

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
  let warned: unknown;
  const stop = effect(() => {
    // Checked here, not in the loader (which only knows it is an object): a bad one is ignored.
    const given = state.settings.value.schedule;
    const r = given ? parse(checkSchedule, given) : null;
    if (r && !r.ok && warned !== given) warn(`init: invalid option "${['schedule', r.path].filter(Boolean).join('.')}"`);
    warned = given;
    const schedule = r?.ok ? r.value : undefined;
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
