/**
 * Working hours: when the chat is open, and the next instant that changes.
 *
 * - `alwaysOn` ("show at any time") => open, nextChange null. No ranges at all => closed, null.
 * - Ranges are wall-clock times in `timeZone`, attached to the weekday they start on:
 *   to > from stays within the day; to <= from runs past midnight into the next day
 *   (to === from is 24 hours from `from`); `to: '24:00'` is the end of the day.
 * - DST: a wall time inside a spring-forward gap maps to the first instant after the gap
 *   (02:30 in Paris on 2026-03-29 is 03:00 CEST); a wall time that occurs twice maps to its
 *   first occurrence. A range lasts from its start instant to its end instant, so 00:00–24:00
 *   lasts 23 or 25 hours on DST days, and a range wholly inside a gap is empty that day.
 * - Overlapping and touching ranges merge, so nextChange is always a real change of state,
 *   strictly after `at`, exact to the millisecond. When the ranges cover every wall minute of
 *   the week the chat is always open and nextChange is null.
 * - Totality: an unknown time zone (possible only if the runtime lacks a zone the schema accepted)
 *   falls back to UTC; malformed ranges are skipped; a non-finite `at` is closed with nextChange null.
 *
 * Offsets come from Intl.DateTimeFormat#formatToParts; nothing is cached between calls.
 */
import * as v from 'valibot';
import { isValidTimeZone } from './time-zone';

// Its own module, so a bundle that validates a schedule does not carry the schedule's evaluation.
export { isValidTimeZone };

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const MAX_RANGES_PER_DAY = 8;

const FROM_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const TO_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const TimeRangeSchema = v.object({
  from: v.pipe(v.string(), v.regex(FROM_RE, 'Expected a time from 00:00 to 23:59')),
  to: v.pipe(v.string(), v.regex(TO_RE, 'Expected a time from 00:00 to 24:00')),
});
export type TimeRange = v.InferOutput<typeof TimeRangeSchema>;

const DayRangesSchema = v.pipe(v.array(TimeRangeSchema), v.maxLength(MAX_RANGES_PER_DAY));

export const ScheduleSchema = v.object({
  /** "Show at any time": when true the ranges are kept but ignored. */
  alwaysOn: v.boolean(),
  timeZone: v.pipe(v.string(), v.check(isValidTimeZone, 'Unknown time zone')),
  days: v.object({
    mon: DayRangesSchema,
    tue: DayRangesSchema,
    wed: DayRangesSchema,
    thu: DayRangesSchema,
    fri: DayRangesSchema,
    sat: DayRangesSchema,
    sun: DayRangesSchema,
  }),
});
export type Schedule = v.InferOutput<typeof ScheduleSchema>;

export interface ScheduleState {
  open: boolean;
  /** Epoch ms of the next change of `open`, strictly after `at`; null when it never changes. */
  nextChange: number | null;
}

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

export function defaultSchedule(timeZone: string = DEFAULT_TIME_ZONE): Schedule {
  const workday = (): TimeRange[] => [{ from: '09:00', to: '18:00' }];
  return {
    alwaysOn: true,
    timeZone,
    days: { mon: workday(), tue: workday(), wed: workday(), thu: workday(), fri: workday(), sat: [], sun: [] },
  };
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK_MINUTES = 7 * 1440;
// Intl handles ±8.64e15 ms; keep clear of the edge so day arithmetic around `at` stays in range.
const MAX_AT = 8.64e15 - 60 * DAY;

export function scheduleState(schedule: Schedule, at: number): ScheduleState {
  if (!schedule || typeof schedule !== 'object') return { open: false, nextChange: null };
  if (schedule.alwaysOn === true) return { open: true, nextChange: null };
  const weekly = weeklyRanges(schedule.days);
  if (weekly.every((day) => day.length === 0)) return { open: false, nextChange: null };
  if (coversWholeWeek(weekly)) return { open: true, nextChange: null };
  if (typeof at !== 'number' || !Number.isFinite(at) || Math.abs(at) > MAX_AT) return { open: false, nextChange: null };
  try {
    const zone = makeZone(schedule.timeZone);
    // 8 days ahead always holds a change for a weekly schedule; the longer pass only runs when a
    // DST gap swallowed the one gap in the week.
    for (const days of [8, 22]) {
      const state = stateWithin(weekly, zone, at, days);
      if (state) return state;
    }
  } catch {
    // formatToParts failed on a broken runtime: report closed rather than throw into the caller
  }
  return { open: false, nextChange: null };
}

/** Per weekday (mon = 0), [startMinute, endMinute) with end > start, end up to start + 1440. */
type Weekly = [number, number][][];

function parseHHMM(s: unknown, re: RegExp): number | null {
  if (typeof s !== 'string' || !re.test(s)) return null;
  return Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}

function weeklyRanges(days: Schedule['days'] | undefined): Weekly {
  return WEEKDAYS.map((wd) => {
    const list: unknown = days && typeof days === 'object' ? days[wd] : undefined;
    if (!Array.isArray(list)) return [];
    const out: [number, number][] = [];
    for (const r of list as unknown[]) {
      if (!r || typeof r !== 'object') continue;
      const from = parseHHMM((r as TimeRange).from, FROM_RE);
      const to = parseHHMM((r as TimeRange).to, TO_RE);
      if (from === null || to === null) continue;
      out.push([from, to > from ? to : to + 1440]);
    }
    return out;
  });
}

/** True when the ranges, as wall-clock minutes of a week, leave no minute uncovered. */
function coversWholeWeek(weekly: Weekly): boolean {
  const spans: [number, number][] = [];
  weekly.forEach((day, i) => {
    for (const [from, to] of day) {
      const s = i * 1440 + from;
      const e = i * 1440 + to;
      if (e <= WEEK_MINUTES) spans.push([s, e]);
      else spans.push([s, WEEK_MINUTES], [0, e - WEEK_MINUTES]);
    }
  });
  spans.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [s, e] of spans) {
    if (s > covered) return false;
    covered = Math.max(covered, e);
  }
  return covered >= WEEK_MINUTES;
}

/**
 * Open intervals (as instants) of ranges starting on the local days D-1 .. D+days, where D is the
 * local day of `at`; null when the answer may depend on ranges beyond that window.
 */
function stateWithin(weekly: Weekly, zone: Zone, at: number, days: number): ScheduleState | null {
  const today = Math.floor((at + zone.offset(at)) / DAY) * DAY; // local midnight as a wall-clock "UTC" ms
  const intervals: [number, number][] = [];
  for (let k = -1; k <= days; k++) {
    const dayWall = today + k * DAY;
    // 1970-01-01 was a Thursday (index 3 with Monday = 0).
    const wd = (((Math.floor(dayWall / DAY) + 3) % 7) + 7) % 7;
    for (const [from, to] of weekly[wd] ?? []) {
      const s = zone.toInstant(dayWall + from * MINUTE);
      const e = zone.toInstant(dayWall + to * MINUTE);
      if (e > s) intervals.push([s, e]);
    }
  }
  intervals.sort((a, b) => a[0] - b[0]);
  // Ranges of later days start at or after this instant, so they cannot extend anything ending before it.
  const horizon = zone.toInstant(today + (days + 1) * DAY);
  let i = 0;
  while (i < intervals.length) {
    const first = intervals[i];
    if (!first) break;
    const start = first[0];
    let end = first[1];
    for (i++; i < intervals.length; i++) {
      const next = intervals[i];
      if (!next || next[0] > end) break;
      end = Math.max(end, next[1]);
    }
    if (start > at) return { open: false, nextChange: start };
    if (at < end) return end < horizon ? { open: true, nextChange: end } : null;
  }
  return null;
}

interface Zone {
  /** Offset (local minus UTC) in ms at instant t. */
  offset(t: number): number;
  /** Instant of a wall-clock time given as ms on a UTC-labelled clock. */
  toInstant(wall: number): number;
}

function makeZone(timeZone: string): Zone {
  const options: Intl.DateTimeFormatOptions = {
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    era: 'short',
  };
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
  } catch {
    fmt = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
  }
  const cache = new Map<number, number>();

  // Offsets change on whole seconds, so the offset of a second is the offset of every ms in it.
  const offset = (t: number): number => {
    const sec = Math.floor(t / 1000) * 1000;
    const hit = cache.get(sec);
    if (hit !== undefined) return hit;
    const f: Record<string, number> = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    let bc = false;
    for (const p of fmt.formatToParts(sec)) {
      if (p.type === 'era') bc = /^B/i.test(p.value);
      else if (p.type in f) f[p.type] = Number(p.value);
    }
    const d = new Date(0);
    d.setUTCFullYear(bc ? 1 - (f.year ?? 1) : (f.year ?? 1970), (f.month ?? 1) - 1, f.day ?? 1);
    d.setUTCHours((f.hour ?? 0) % 24, f.minute ?? 0, f.second ?? 0, 0);
    const off = d.getTime() - sec;
    cache.set(sec, off);
    return off;
  };

  const toInstant = (wall: number): number => {
    // Any instant showing this wall time lies within ±1 day; the offsets there bracket a transition.
    const before = offset(wall - DAY);
    const after = offset(wall + DAY);
    const candidates = new Set([before, after, offset(wall - before), offset(wall - after)]);
    let best = Infinity;
    for (const o of candidates) {
      const t = wall - o;
      if (offset(t) === o && t < best) best = t; // several solutions: a repeated hour, take the first
    }
    if (best !== Infinity) return best;
    // In a gap: the answer is the transition instant, between wall - max and wall - min offset.
    const offs = [...candidates];
    let lo = Math.floor((wall - Math.max(...offs)) / 1000);
    let hi = Math.ceil((wall - Math.min(...offs)) / 1000);
    const loOffset = offset(lo * 1000);
    if (offset(hi * 1000) === loOffset) return wall - loOffset;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offset(mid * 1000) === loOffset) lo = mid;
      else hi = mid;
    }
    return hi * 1000;
  };

  return { offset, toInstant };
}
