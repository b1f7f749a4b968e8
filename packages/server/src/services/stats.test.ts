import { describe, expect, it } from 'vitest';
import { zoneClock } from './stats';

describe('zoneClock', () => {
  it('follows DST changes to the hour, with few Intl calls', () => {
    // Paris switched to summer time on 2026-03-29 at 01:00 UTC (02:00 → 03:00 local).
    const from = Date.UTC(2026, 2, 20);
    const clock = zoneClock('Europe/Paris', from, Date.UTC(2026, 3, 5));
    expect(clock(Date.UTC(2026, 2, 29, 0, 30))).toEqual({ day: '2026-03-29', hour: 1 });
    expect(clock(Date.UTC(2026, 2, 29, 1, 30))).toEqual({ day: '2026-03-29', hour: 3 });
    expect(clock(Date.UTC(2026, 2, 28, 23, 30))).toEqual({ day: '2026-03-29', hour: 0 });
    expect(clock(Date.UTC(2026, 3, 1, 22, 0))).toEqual({ day: '2026-04-02', hour: 0 });
    // And back in October (03:00 → 02:00 local at 01:00 UTC).
    const autumn = zoneClock('Europe/Paris', Date.UTC(2026, 9, 20), Date.UTC(2026, 10, 1));
    expect(autumn(Date.UTC(2026, 9, 25, 0, 30))).toEqual({ day: '2026-10-25', hour: 2 });
    expect(autumn(Date.UTC(2026, 9, 25, 1, 30))).toEqual({ day: '2026-10-25', hour: 2 });
    expect(autumn(Date.UTC(2026, 9, 25, 2, 30))).toEqual({ day: '2026-10-25', hour: 3 });
  });

  it('handles zones off the hour and UTC', () => {
    expect(zoneClock('Asia/Kolkata', 0, 86_400_000 * 2)(Date.UTC(1970, 0, 1, 19, 0))).toEqual({ day: '1970-01-02', hour: 0 });
    expect(zoneClock('UTC', 0, 86_400_000)(Date.UTC(1970, 0, 1, 13, 59))).toEqual({ day: '1970-01-01', hour: 13 });
  });
});
