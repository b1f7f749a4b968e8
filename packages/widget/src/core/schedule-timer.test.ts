import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createState } from './state';
import { testConfig } from './test-config';
import { watchSchedule } from './schedule-timer';

const weekdays = (from: string, to: string) => ({
  alwaysOn: false,
  timeZone: 'UTC',
  days: { mon: [{ from, to }], tue: [{ from, to }], wed: [{ from, to }], thu: [{ from, to }], fri: [{ from, to }], sat: [], sun: [] },
});

describe('watchSchedule (init schedule override)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 5, 8, 59, 0)); // Monday 08:59 UTC
  });
  afterEach(() => vi.useRealTimers());

  it('flips at the next change with a single timer and re-arms', () => {
    const state = createState({ url: 'https://x.example/', device: 'desktop' });
    state.config.value = testConfig();
    state.presence.value = { operatorsOnline: true, scheduleOpen: true, nextChange: null };
    state.settings.value = { schedule: weekdays('09:00', '18:00') };
    const stop = watchSchedule(state, globalThis);
    expect(state.scheduleOpen.value).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(60_000 + 100);
    expect(state.scheduleOpen.value).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(9 * 3600_000);
    expect(state.scheduleOpen.value).toBe(false);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    // Without the override the server's evaluation of the project's schedule applies again.
    expect(state.scheduleOpen.value).toBe(true);
  });

  it('follows changes of the override, sets no timer when always on, and lets go when it is removed', () => {
    const state = createState({ url: 'https://x.example/', device: 'desktop' });
    state.presence.value = { operatorsOnline: true, scheduleOpen: false, nextChange: null };
    state.settings.value = { schedule: weekdays('09:00', '18:00') };
    const stop = watchSchedule(state, globalThis);
    state.settings.value = { schedule: { ...weekdays('09:00', '18:00'), alwaysOn: true } };
    expect(state.scheduleOpen.value).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    state.settings.value = {};
    expect(state.scheduleOpen.value).toBe(false);
    stop();
  });
});
