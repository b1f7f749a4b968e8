import { describe, expect, it } from 'vitest';
import { calendarDay, dayLabel, formatClock, formatListTime, fromDateInput, initials, preview, visitorName } from './format';

const tz = { timeZone: 'Europe/Moscow' };
// 2026-03-10 12:00 Moscow (UTC+3)
const NOW = Date.UTC(2026, 2, 10, 9, 0);

describe('dates', () => {
  it('knows the calendar day in a zone', () => {
    expect(calendarDay(Date.UTC(2026, 2, 9, 22, 30), tz)).toBe('2026-03-10');
    expect(calendarDay(Date.UTC(2026, 2, 9, 22, 30), { timeZone: 'UTC' })).toBe('2026-03-09');
  });
  it('prints the clock today, the day this year, the year before', () => {
    expect(formatListTime(NOW - 3_600_000, NOW, 'ru', tz)).toBe('11:00');
    expect(formatListTime(Date.UTC(2026, 0, 5, 9), NOW, 'en', tz)).toBe('Jan 5');
    expect(formatListTime(Date.UTC(2025, 11, 31, 9), NOW, 'fr', tz)).toMatch(/2025/);
  });
  it('formats 24 h clocks in every locale', () => {
    expect(formatClock(Date.UTC(2026, 2, 10, 15, 5), 'en', tz)).toBe('18:05');
  });
  it('labels today and yesterday', () => {
    expect(dayLabel(NOW - 1000, NOW, tz)).toBe('today');
    expect(dayLabel(NOW - 86_400_000, NOW, tz)).toBe('yesterday');
    expect(dayLabel(NOW - 3 * 86_400_000, NOW, tz)).toBe('date');
  });
  it('reads date inputs as local day bounds', () => {
    const start = fromDateInput('2026-03-10')!;
    const end = fromDateInput('2026-03-10', true)!;
    expect(end - start).toBe(86_400_000 - 1);
    expect(new Date(start).getDate()).toBe(10);
    expect(fromDateInput('')).toBeNull();
    expect(fromDateInput('10/03/2026')).toBeNull();
  });
});

describe('names and text', () => {
  it('names a visitor by what they told, else a short reference', () => {
    const none = { id: 'vis1', name: null, email: null, phone: null, userId: null };
    expect(visitorName({ ...none, name: ' Анна ' }, 'ru')).toBe('Анна');
    expect(visitorName({ ...none, email: 'a@b.c' }, 'en')).toBe('a@b.c');
    // No "Visitor #Y2TVQ": a generated name that stays the same for this visitor.
    expect(visitorName({ ...none, location: { city: 'Lyon' } }, 'en')).toMatch(/^\w+ \w+ from Lyon$/);
    expect(visitorName(none, 'en')).toBe(visitorName(none, 'en'));
  });
  it('makes initials', () => {
    expect(initials('Анна Петрова')).toBe('АП');
    expect(initials('jean')).toBe('J');
    expect(initials('  ')).toBe('?');
    expect(initials('Visitor #xz12')).toBe('VX');
  });
  it('folds and cuts previews', () => {
    expect(preview('a\n\n b')).toBe('a b');
    expect(preview('x'.repeat(10), 5)).toBe('xxxx…');
  });
});
