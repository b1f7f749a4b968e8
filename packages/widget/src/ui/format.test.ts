import { describe, expect, it } from 'vitest';
import { dayKey, dayLabel, initials, timeLabel } from './format';

const words = { today: 'Today', yesterday: 'Yesterday' };

describe('format', () => {
  const now = new Date(2026, 4, 15, 12, 0).getTime();

  it('labels today, yesterday and older days', () => {
    expect(dayLabel(new Date(2026, 4, 15, 0, 1).getTime(), now, 'en', words)).toBe('Today');
    expect(dayLabel(new Date(2026, 4, 14, 23, 59).getTime(), now, 'en', words)).toBe('Yesterday');
    expect(dayLabel(new Date(2026, 4, 1, 10).getTime(), now, 'ru', words)).toBe('1 мая');
    expect(dayLabel(new Date(2025, 11, 31, 10).getTime(), now, 'fr', words)).toBe('31 décembre 2025');
  });

  it('groups by local day', () => {
    expect(dayKey(new Date(2026, 4, 15, 0, 0).getTime())).toBe(dayKey(new Date(2026, 4, 15, 23, 59).getTime()));
    expect(dayKey(new Date(2026, 4, 15).getTime())).not.toBe(dayKey(new Date(2026, 4, 16).getTime()));
  });

  it('formats times and initials', () => {
    expect(timeLabel(new Date(2026, 4, 15, 9, 5).getTime(), 'ru')).toBe('09:05');
    expect(initials('Анна Петрова')).toBe('АП');
    expect(initials('  ')).toBe('?');
  });
});
