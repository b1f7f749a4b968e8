import { describe, it, expect } from 'vitest';
import * as v from 'valibot';
import { ScheduleSchema, TimeRangeSchema, WEEKDAYS, defaultSchedule, isValidTimeZone, scheduleState, type Schedule, type Weekday } from './schedule';

// Expected instants are written by hand with Date.UTC from the zones' known offsets:
// Europe/Moscow +3 all year; Asia/Kathmandu +5:45; Asia/Kolkata +5:30;
// Europe/Paris +1 (CET), +2 (CEST) from 2026-03-29 01:00Z to 2026-10-25 01:00Z;
// America/New_York -5 (EST), -4 (EDT) from 2026-03-08 07:00Z to 2026-11-01 06:00Z.
// Calendar: 2026-01-05 is a Monday; 2026-03-08, 03-29, 10-25 and 11-01 are Sundays.
const U = Date.UTC;
const H = 3_600_000;

function sched(timeZone: string, days: Partial<Record<Weekday, [string, string][]>>, alwaysOn = false): Schedule {
  const out = { alwaysOn, timeZone, days: {} as Schedule['days'] };
  for (const wd of WEEKDAYS) out.days[wd] = (days[wd] ?? []).map(([from, to]) => ({ from, to }));
  return out;
}
const open = (nextChange: number | null) => ({ open: true, nextChange });
const closed = (nextChange: number | null) => ({ open: false, nextChange });
const weekdays9to18 = {
  mon: [['09:00', '18:00']],
  tue: [['09:00', '18:00']],
  wed: [['09:00', '18:00']],
  thu: [['09:00', '18:00']],
  fri: [['09:00', '18:00']],
} as Partial<Record<Weekday, [string, string][]>>;

describe('scheduleState: Europe/Moscow weekday hours (+3)', () => {
  const s = sched('Europe/Moscow', weekdays9to18);
  const cases: [string, number, ReturnType<typeof open>][] = [
    ['Mon 08:59:59.999, just before opening', U(2026, 0, 5, 5, 59, 59, 999), closed(U(2026, 0, 5, 6))],
    ['Mon 09:00 exactly: open', U(2026, 0, 5, 6), open(U(2026, 0, 5, 15))],
    ['Mon 09:00:00.001', U(2026, 0, 5, 6, 0, 0, 1), open(U(2026, 0, 5, 15))],
    ['Mon 17:59:59.999', U(2026, 0, 5, 14, 59, 59, 999), open(U(2026, 0, 5, 15))],
    ['Mon 18:00 exactly: closed', U(2026, 0, 5, 15), closed(U(2026, 0, 6, 6))],
    ['Mon 23:59', U(2026, 0, 5, 20, 59), closed(U(2026, 0, 6, 6))],
    ['Fri 18:00: closed until Monday 09:00', U(2026, 0, 9, 15), closed(U(2026, 0, 12, 6))],
    ['Sat noon', U(2026, 0, 10, 9), closed(U(2026, 0, 12, 6))],
    ['Sun 23:59:59.999', U(2026, 0, 11, 20, 59, 59, 999), closed(U(2026, 0, 12, 6))],
    // Sunday 21:30Z is already Monday 00:30 in Moscow: the local day decides, not the UTC day.
    ['Mon 00:30 local (Sun in UTC)', U(2026, 0, 11, 21, 30), closed(U(2026, 0, 12, 6))],
  ];
  it.each(cases)('%s', (_, at, expected) => {
    expect(scheduleState(s, at)).toEqual(expected);
  });
});

describe('scheduleState: 30/45-minute offsets and UTC', () => {
  it('Asia/Kathmandu (+5:45): 09:00 is 03:15Z, 18:00 is 12:15Z', () => {
    const s = sched('Asia/Kathmandu', weekdays9to18);
    expect(scheduleState(s, U(2026, 0, 5, 3, 14, 59, 999))).toEqual(closed(U(2026, 0, 5, 3, 15)));
    expect(scheduleState(s, U(2026, 0, 5, 3, 15))).toEqual(open(U(2026, 0, 5, 12, 15)));
    expect(scheduleState(s, U(2026, 0, 5, 12, 15))).toEqual(closed(U(2026, 0, 6, 3, 15)));
    // Friday 18:00 NPT -> Monday 09:00 NPT
    expect(scheduleState(s, U(2026, 0, 9, 12, 15))).toEqual(closed(U(2026, 0, 12, 3, 15)));
    // Sunday 20:00Z is Monday 01:45 in Kathmandu
    expect(scheduleState(s, U(2026, 0, 11, 20))).toEqual(closed(U(2026, 0, 12, 3, 15)));
  });

  it('Asia/Kolkata (+5:30): 09:00 is 03:30Z', () => {
    const s = sched('Asia/Kolkata', weekdays9to18);
    expect(scheduleState(s, U(2026, 0, 5, 3, 29))).toEqual(closed(U(2026, 0, 5, 3, 30)));
    expect(scheduleState(s, U(2026, 0, 5, 3, 30))).toEqual(open(U(2026, 0, 5, 12, 30)));
  });

  it('UTC', () => {
    const s = sched('UTC', weekdays9to18);
    expect(scheduleState(s, U(2026, 0, 5, 8))).toEqual(closed(U(2026, 0, 5, 9)));
    expect(scheduleState(s, U(2026, 0, 5, 9))).toEqual(open(U(2026, 0, 5, 18)));
  });
});

describe('scheduleState: ranges past midnight', () => {
  const s = sched('Europe/Moscow', { fri: [['22:00', '02:00']] });
  // Fri 2026-01-09 22:00 MSK = 19:00Z; Sat 02:00 MSK = Fri 23:00Z.
  it.each([
    ['Fri 21:59', U(2026, 0, 9, 18, 59), closed(U(2026, 0, 9, 19))],
    ['Fri 22:00', U(2026, 0, 9, 19), open(U(2026, 0, 9, 23))],
    ['Sat 01:00', U(2026, 0, 9, 22), open(U(2026, 0, 9, 23))],
    ['Sat 01:59:59.999', U(2026, 0, 9, 22, 59, 59, 999), open(U(2026, 0, 9, 23))],
    ['Sat 02:00', U(2026, 0, 9, 23), closed(U(2026, 0, 16, 19))],
    ['Thu 02:00 (not a Thursday range)', U(2026, 0, 7, 23), closed(U(2026, 0, 9, 19))],
  ])('%s', (_, at, expected) => {
    expect(scheduleState(s, at)).toEqual(expected);
  });

  it('a range ending at 00:00 runs to midnight', () => {
    const t = sched('UTC', { sun: [['20:00', '00:00']] });
    expect(scheduleState(t, U(2026, 0, 11, 23, 59))).toEqual(open(U(2026, 0, 12)));
    expect(scheduleState(t, U(2026, 0, 12))).toEqual(closed(U(2026, 0, 18, 20)));
  });

  it('to === from lasts 24 hours', () => {
    const t = sched('UTC', { wed: [['10:00', '10:00']] });
    expect(scheduleState(t, U(2026, 0, 7, 9, 59, 59, 999))).toEqual(closed(U(2026, 0, 7, 10)));
    expect(scheduleState(t, U(2026, 0, 7, 10))).toEqual(open(U(2026, 0, 8, 10)));
    expect(scheduleState(t, U(2026, 0, 8, 9))).toEqual(open(U(2026, 0, 8, 10)));
    expect(scheduleState(t, U(2026, 0, 8, 10))).toEqual(closed(U(2026, 0, 14, 10)));
  });

  it("'24:00' ends at the next midnight", () => {
    const t = sched('Europe/Moscow', { mon: [['18:00', '24:00']] });
    // Mon 18:00 MSK = 15:00Z; Tue 00:00 MSK = Mon 21:00Z
    expect(scheduleState(t, U(2026, 0, 5, 20, 59))).toEqual(open(U(2026, 0, 5, 21)));
    expect(scheduleState(t, U(2026, 0, 5, 21))).toEqual(closed(U(2026, 0, 12, 15)));
  });

  it("'00:00'–'00:00' and '00:00'–'24:00' are the same whole day", () => {
    for (const to of ['00:00', '24:00']) {
      const t = sched('UTC', { tue: [['00:00', to]] });
      expect(scheduleState(t, U(2026, 0, 6, 12))).toEqual(open(U(2026, 0, 7)));
      expect(scheduleState(t, U(2026, 0, 5, 12))).toEqual(closed(U(2026, 0, 6)));
    }
  });
});

describe('scheduleState: merging', () => {
  it('whole Monday and whole Tuesday: on Monday the next change is Wednesday 00:00', () => {
    const s = sched('UTC', { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']] });
    expect(scheduleState(s, U(2026, 0, 5, 12))).toEqual(open(U(2026, 0, 7)));
    expect(scheduleState(s, U(2026, 0, 4, 23, 59))).toEqual(closed(U(2026, 0, 5)));
  });

  it('touching and overlapping ranges of one day', () => {
    expect(
      scheduleState(
        sched('UTC', {
          mon: [
            ['09:00', '12:00'],
            ['12:00', '18:00'],
          ],
        }),
        U(2026, 0, 5, 10),
      ),
    ).toEqual(open(U(2026, 0, 5, 18)));
    expect(
      scheduleState(
        sched('UTC', {
          mon: [
            ['12:00', '18:00'],
            ['09:00', '13:00'],
          ],
        }),
        U(2026, 0, 5, 10),
      ),
    ).toEqual(open(U(2026, 0, 5, 18)));
    expect(
      scheduleState(
        sched('UTC', {
          mon: [
            ['09:00', '18:00'],
            ['10:00', '11:00'],
          ],
        }),
        U(2026, 0, 5, 10, 30),
      ),
    ).toEqual(open(U(2026, 0, 5, 18)));
    // a real break is a real change
    expect(
      scheduleState(
        sched('UTC', {
          mon: [
            ['09:00', '12:00'],
            ['13:00', '18:00'],
          ],
        }),
        U(2026, 0, 5, 12),
      ),
    ).toEqual(closed(U(2026, 0, 5, 13)));
  });

  it('a past-midnight range meeting the next day range', () => {
    const s = sched('Europe/Moscow', { fri: [['22:00', '02:00']], sat: [['02:00', '05:00']] });
    // Fri 23:00 MSK = 20:00Z; Sat 05:00 MSK = 02:00Z
    expect(scheduleState(s, U(2026, 0, 9, 20))).toEqual(open(U(2026, 0, 10, 2)));
  });

  it('Sunday into Monday across the end of the week', () => {
    const s = sched('UTC', { sun: [['20:00', '24:00']], mon: [['00:00', '08:00']] });
    expect(scheduleState(s, U(2026, 0, 11, 21))).toEqual(open(U(2026, 0, 12, 8)));
    expect(scheduleState(s, U(2026, 0, 12, 7))).toEqual(open(U(2026, 0, 12, 8)));
  });

  it('a one-minute hole in the week is found', () => {
    const days: Partial<Record<Weekday, [string, string][]>> = {};
    for (const wd of WEEKDAYS) days[wd] = [['00:00', '24:00']];
    days.sun = [['00:00', '23:59']];
    const s = sched('UTC', days);
    expect(scheduleState(s, U(2026, 0, 5))).toEqual(open(U(2026, 0, 11, 23, 59)));
    expect(scheduleState(s, U(2026, 0, 11, 23, 59))).toEqual(closed(U(2026, 0, 12)));
  });
});

describe('scheduleState: always open, never open', () => {
  it('alwaysOn wins over the ranges', () => {
    expect(scheduleState(sched('UTC', weekdays9to18, true), U(2026, 0, 10))).toEqual(open(null));
  });

  it('no ranges at all is closed for good', () => {
    expect(scheduleState(sched('UTC', {}), U(2026, 0, 5))).toEqual(closed(null));
  });

  it('ranges covering the whole week mean always open', () => {
    const full: Partial<Record<Weekday, [string, string][]>> = {};
    const noon: Partial<Record<Weekday, [string, string][]>> = {};
    for (const wd of WEEKDAYS) {
      full[wd] = [['00:00', '24:00']];
      noon[wd] = [['12:00', '12:00']];
    }
    expect(scheduleState(sched('Europe/Paris', full), U(2026, 2, 29, 1))).toEqual(open(null));
    expect(scheduleState(sched('UTC', noon), U(2026, 0, 5))).toEqual(open(null));
  });
});

describe('scheduleState: Europe/Paris spring forward 2026-03-29 (02:00 CET -> 03:00 CEST at 01:00Z)', () => {
  it('02:30–04:00 starts at 03:00 CEST (01:00Z), ends 04:00 CEST (02:00Z)', () => {
    const s = sched('Europe/Paris', { sun: [['02:30', '04:00']] });
    expect(scheduleState(s, U(2026, 2, 29, 0, 30))).toEqual(closed(U(2026, 2, 29, 1)));
    expect(scheduleState(s, U(2026, 2, 29, 0, 59, 59, 999))).toEqual(closed(U(2026, 2, 29, 1)));
    expect(scheduleState(s, U(2026, 2, 29, 1))).toEqual(open(U(2026, 2, 29, 2)));
    // next Sunday 02:30 CEST = 00:30Z
    expect(scheduleState(s, U(2026, 2, 29, 2))).toEqual(closed(U(2026, 3, 5, 0, 30)));
  });

  it('01:00–03:30 runs from 01:00 CET (00:00Z) to 03:30 CEST (01:30Z)', () => {
    const s = sched('Europe/Paris', { sun: [['01:00', '03:30']] });
    // the Sunday before: 01:00 CET = 00:00Z
    expect(scheduleState(s, U(2026, 2, 28, 12))).toEqual(closed(U(2026, 2, 29)));
    expect(scheduleState(s, U(2026, 2, 29))).toEqual(open(U(2026, 2, 29, 1, 30)));
    expect(scheduleState(s, U(2026, 2, 29, 0, 59, 59, 999))).toEqual(open(U(2026, 2, 29, 1, 30)));
    expect(scheduleState(s, U(2026, 2, 29, 1))).toEqual(open(U(2026, 2, 29, 1, 30)));
    expect(scheduleState(s, U(2026, 2, 29, 1, 30))).toEqual(closed(U(2026, 3, 4, 23)));
  });

  it('a range wholly inside the gap is empty that day', () => {
    const s = sched('Europe/Paris', { sun: [['02:10', '02:50']] });
    // Sat 2026-03-28 noon: this Sunday's range vanishes; next is 2026-04-05 02:10 CEST = 00:10Z
    expect(scheduleState(s, U(2026, 2, 28, 12))).toEqual(closed(U(2026, 3, 5, 0, 10)));
  });

  it('00:00–24:00 on that Sunday lasts 23 hours', () => {
    const s = sched('Europe/Paris', { sun: [['00:00', '24:00']] });
    // starts 00:00 CET = Sat 23:00Z, ends Mon 00:00 CEST = Sun 22:00Z
    expect(scheduleState(s, U(2026, 2, 28, 22, 59))).toEqual(closed(U(2026, 2, 28, 23)));
    const state = scheduleState(s, U(2026, 2, 28, 23));
    expect(state).toEqual(open(U(2026, 2, 29, 22)));
    expect((state.nextChange ?? 0) - U(2026, 2, 28, 23)).toBe(23 * H);
  });
});

describe('scheduleState: Europe/Paris fall back 2026-10-25 (03:00 CEST -> 02:00 CET at 01:00Z)', () => {
  it('a range ending at 02:30 ends at the first 02:30 (CEST, 00:30Z)', () => {
    const s = sched('Europe/Paris', { sun: [['01:00', '02:30']] });
    // 01:00 CEST = Sat 23:00Z
    expect(scheduleState(s, U(2026, 9, 24, 22, 59))).toEqual(closed(U(2026, 9, 24, 23)));
    expect(scheduleState(s, U(2026, 9, 25, 0, 15))).toEqual(open(U(2026, 9, 25, 0, 30)));
    // second 02:15 (CET, 01:15Z) is after the range; next is 2026-11-01 01:00 CET = 00:00Z
    expect(scheduleState(s, U(2026, 9, 25, 1, 15))).toEqual(closed(U(2026, 10, 1)));
  });

  it('a range starting in the repeated hour starts at its first occurrence', () => {
    const s = sched('Europe/Paris', { sun: [['02:30', '03:00']] });
    // 02:30 CEST = 00:30Z; 03:00 CET = 02:00Z: 90 minutes
    expect(scheduleState(s, U(2026, 9, 25, 0))).toEqual(closed(U(2026, 9, 25, 0, 30)));
    expect(scheduleState(s, U(2026, 9, 25, 0, 30))).toEqual(open(U(2026, 9, 25, 2)));
    expect(scheduleState(s, U(2026, 9, 25, 1, 45))).toEqual(open(U(2026, 9, 25, 2)));
  });

  it('00:00–24:00 on that Sunday lasts 25 hours', () => {
    const s = sched('Europe/Paris', { sun: [['00:00', '24:00']] });
    // starts 00:00 CEST = Sat 22:00Z, ends Mon 00:00 CET = Sun 23:00Z
    const state = scheduleState(s, U(2026, 9, 24, 22));
    expect(state).toEqual(open(U(2026, 9, 25, 23)));
    expect((state.nextChange ?? 0) - U(2026, 9, 24, 22)).toBe(25 * H);
    expect(scheduleState(s, U(2026, 9, 25, 23))).toEqual(closed(U(2026, 9, 31, 23)));
  });
});

describe('scheduleState: America/New_York', () => {
  it('2026-03-08 spring forward (02:00 EST -> 03:00 EDT at 07:00Z)', () => {
    const s = sched('America/New_York', { sun: [['01:00', '03:00']] });
    // 01:00 EST = 06:00Z; 03:00 EDT = 07:00Z: one real hour
    expect(scheduleState(s, U(2026, 2, 8, 6))).toEqual(open(U(2026, 2, 8, 7)));
    const gap = sched('America/New_York', { sun: [['02:00', '02:30']] });
    // empty this Sunday; next Sunday 02:00 EDT = 06:00Z
    expect(scheduleState(gap, U(2026, 2, 7, 12))).toEqual(closed(U(2026, 2, 15, 6)));
  });

  it('weekday hours across the change: Friday 17:00 EST to Monday 09:00 EDT', () => {
    const s = sched('America/New_York', { mon: [['09:00', '17:00']], fri: [['09:00', '17:00']] });
    // Fri 2026-03-06 17:00 EST = 22:00Z; Mon 2026-03-09 09:00 EDT = 13:00Z
    expect(scheduleState(s, U(2026, 2, 6, 21))).toEqual(open(U(2026, 2, 6, 22)));
    expect(scheduleState(s, U(2026, 2, 6, 22))).toEqual(closed(U(2026, 2, 9, 13)));
  });

  it('2026-11-01 fall back (02:00 EDT -> 01:00 EST at 06:00Z)', () => {
    const s = sched('America/New_York', { sun: [['01:30', '02:00']] });
    // 01:30 EDT (first) = 05:30Z; 02:00 EST = 07:00Z
    expect(scheduleState(s, U(2026, 10, 1, 5))).toEqual(closed(U(2026, 10, 1, 5, 30)));
    expect(scheduleState(s, U(2026, 10, 1, 5, 30))).toEqual(open(U(2026, 10, 1, 7)));
    const early = sched('America/New_York', { sun: [['00:00', '01:30']] });
    // 00:00 EDT = 04:00Z to first 01:30 EDT = 05:30Z; 01:45 EST (06:45Z) is closed, next Sunday 00:00 EST = 05:00Z
    expect(scheduleState(early, U(2026, 10, 1, 4))).toEqual(open(U(2026, 10, 1, 5, 30)));
    expect(scheduleState(early, U(2026, 10, 1, 6, 45))).toEqual(closed(U(2026, 10, 8, 5)));
  });
});

describe('scheduleState: consistency over a year', () => {
  it('nextChange is after `at` and really flips the state', () => {
    // Lord_Howe shifts by 30 minutes; Santiago and Havana change at local midnight.
    const zones = ['Europe/Paris', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Santiago', 'America/Havana'];
    const days: Partial<Record<Weekday, [string, string][]>> = {
      mon: [['09:00', '18:00']],
      fri: [['22:00', '02:00']],
      sat: [['02:00', '02:30']],
      sun: [
        ['01:30', '03:00'],
        ['23:00', '24:00'],
      ],
      wed: [['00:00', '00:30']],
    };
    for (const tz of zones) {
      const s = sched(tz, days);
      for (let at = U(2026, 0, 1); at < U(2027, 0, 1); at += 37 * H + 123) {
        const st = scheduleState(s, at);
        expect(st.nextChange).not.toBeNull();
        const next = st.nextChange ?? 0;
        expect(next).toBeGreaterThan(at);
        expect(next - at).toBeLessThanOrEqual(8 * 24 * H);
        expect(scheduleState(s, next - 1).open).toBe(st.open);
        expect(scheduleState(s, next).open).toBe(!st.open);
      }
    }
  });
});

describe('scheduleState: totality', () => {
  it('never throws on bad input', () => {
    const good = sched('UTC', weekdays9to18);
    expect(scheduleState(good, Number.NaN)).toEqual(closed(null));
    expect(scheduleState(good, Infinity)).toEqual(closed(null));
    expect(scheduleState(good, 9e15)).toEqual(closed(null));
    expect(scheduleState(null as unknown as Schedule, 0)).toEqual(closed(null));
    expect(scheduleState({ alwaysOn: false } as unknown as Schedule, 0)).toEqual(closed(null));
  });

  it('skips malformed ranges and falls back to UTC for an unknown zone', () => {
    const s = sched('Mars/Olympus', {
      mon: [
        ['09:00', '18:00'],
        ['25:00', '26:00'],
        ['x', 'y'],
      ],
    });
    (s.days.tue as unknown[]).push(null, { from: 9 });
    expect(scheduleState(s, U(2026, 0, 5, 8))).toEqual(closed(U(2026, 0, 5, 9)));
  });

  it('works far from today', () => {
    const s = sched('Europe/Moscow', { mon: [['09:00', '18:00']] });
    // 1900-01-01 was a Monday; Moscow then ran on local mean time +2:30:17
    const st = scheduleState(s, U(1900, 0, 1));
    expect(st.open).toBe(false);
    expect(st.nextChange).toBe(U(1900, 0, 1, 9) - (2 * H + 30 * 60_000 + 17_000));
  });
});

describe('ScheduleSchema', () => {
  const valid = { alwaysOn: false, timeZone: 'Europe/Moscow', days: sched('UTC', weekdays9to18).days };

  it('accepts a valid schedule and the default', () => {
    expect(v.safeParse(ScheduleSchema, valid).success).toBe(true);
    expect(v.safeParse(ScheduleSchema, defaultSchedule()).success).toBe(true);
  });

  it('rejects an unknown time zone', () => {
    expect(v.safeParse(ScheduleSchema, { ...valid, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(v.safeParse(ScheduleSchema, { ...valid, timeZone: '' }).success).toBe(false);
  });

  it('rejects more than 8 ranges a day', () => {
    const eight = Array.from({ length: 8 }, (_, i) => ({ from: `0${i}:00`, to: `0${i}:30` }));
    expect(v.safeParse(ScheduleSchema, { ...valid, days: { ...valid.days, mon: eight } }).success).toBe(true);
    const nine = [...eight, { from: '09:00', to: '09:30' }];
    expect(v.safeParse(ScheduleSchema, { ...valid, days: { ...valid.days, mon: nine } }).success).toBe(false);
  });

  it('rejects a missing day', () => {
    const { sun: _sun, ...six } = valid.days;
    expect(v.safeParse(ScheduleSchema, { ...valid, days: six }).success).toBe(false);
  });

  it.each([
    ['00:00', '23:59', true],
    ['23:59', '00:00', true],
    ['00:00', '24:00', true],
    ['12:00', '12:00', true],
    ['25:00', '12:00', false],
    ['12:60', '13:00', false],
    ['24:00', '12:00', false],
    ['12:00', '24:01', false],
    ['12:00', '25:00', false],
    ['9:00', '18:00', false],
    ['09:00', '18:0', false],
    ['09:00 ', '18:00', false],
    ['', '18:00', false],
  ])('TimeRangeSchema from %s to %s => %s', (from, to, ok) => {
    expect(v.safeParse(TimeRangeSchema, { from, to }).success).toBe(ok);
  });
});

describe('isValidTimeZone', () => {
  it.each([
    ['Europe/Moscow', true],
    ['America/New_York', true],
    ['Asia/Kathmandu', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['', false],
    ['Europe/Moscow'.repeat(10), false],
  ])('%s => %s', (tz, ok) => {
    expect(isValidTimeZone(tz)).toBe(ok);
  });
  it('rejects non-strings', () => {
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
    expect(isValidTimeZone(3 as unknown as string)).toBe(false);
  });
});

describe('defaultSchedule', () => {
  it('is always on with Mon–Fri 09:00–18:00 in Moscow by default', () => {
    expect(defaultSchedule()).toEqual({
      alwaysOn: true,
      timeZone: 'Europe/Moscow',
      days: {
        mon: [{ from: '09:00', to: '18:00' }],
        tue: [{ from: '09:00', to: '18:00' }],
        wed: [{ from: '09:00', to: '18:00' }],
        thu: [{ from: '09:00', to: '18:00' }],
        fri: [{ from: '09:00', to: '18:00' }],
        sat: [],
        sun: [],
      },
    });
    expect(defaultSchedule('Asia/Kolkata').timeZone).toBe('Asia/Kolkata');
  });

  it('returns fresh objects', () => {
    const a = defaultSchedule();
    a.days.mon.push({ from: '20:00', to: '21:00' });
    expect(defaultSchedule().days.mon).toHaveLength(1);
    expect(defaultSchedule().days.tue).not.toBe(defaultSchedule().days.tue);
  });

  it('prefilled hours take effect once alwaysOn is switched off', () => {
    const s = { ...defaultSchedule(), alwaysOn: false };
    expect(scheduleState(s, U(2026, 0, 5, 6))).toEqual(open(U(2026, 0, 5, 15)));
  });
});
