import { visitorDisplayName, type Locale, type NameableVisitor } from '@parley/protocol';

export interface FormatOptions {
  /** IANA zone; the browser's own when absent (tests pass one to be deterministic). */
  timeZone?: string;
}

function fmt(locale: Locale, opts: Intl.DateTimeFormatOptions, o: FormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, o.timeZone ? { ...opts, timeZone: o.timeZone } : opts);
}

/** Calendar day of an instant in the zone, as "2026-03-29". */
export function calendarDay(ts: number, o: FormatOptions = {}): string {
  const parts = fmt('en', { year: 'numeric', month: '2-digit', day: '2-digit' }, o).formatToParts(ts);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function formatClock(ts: number, locale: Locale, o: FormatOptions = {}): string {
  return fmt(locale, { hour: '2-digit', minute: '2-digit', hour12: false }, o).format(ts);
}

export function formatDateTime(ts: number, locale: Locale, o: FormatOptions = {}): string {
  return fmt(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }, o).format(ts);
}

export function formatDate(ts: number, locale: Locale, o: FormatOptions = {}): string {
  return fmt(locale, { year: 'numeric', month: 'long', day: 'numeric' }, o).format(ts);
}

/** Dialog list stamp: the time today, the day and month this year, the full date before. */
export function formatListTime(ts: number, now: number, locale: Locale, o: FormatOptions = {}): string {
  if (calendarDay(ts, o) === calendarDay(now, o)) return formatClock(ts, locale, o);
  const sameYear = calendarDay(ts, o).slice(0, 4) === calendarDay(now, o).slice(0, 4);
  return fmt(locale, sameYear ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short', day: 'numeric' }, o).format(ts);
}

/** Which label a day separator gets; the caller translates today and yesterday. */
export function dayLabel(ts: number, now: number, o: FormatOptions = {}): 'today' | 'yesterday' | 'date' {
  const day = calendarDay(ts, o);
  if (day === calendarDay(now, o)) return 'today';
  // 36 h back from now lands on yesterday whatever the DST shift.
  if (day === calendarDay(now - 86_400_000, o) || day === calendarDay(now - 36 * 3_600_000, o)) return 'yesterday';
  return 'date';
}

/** How a visitor is named in lists, headers and notifications: protocol's one rule. */
export function visitorName(v: NameableVisitor, locale: Locale): string {
  return visitorDisplayName(v, locale);
}

/** Up to two letters for an avatar placeholder ("Анна Петрова" → "АП", "Visitor #XZ12" → "VX"). */
export function initials(name: string): string {
  const first = (part: string) => [...part].find((ch) => /[\p{L}\p{N}]/u.test(ch)) ?? '';
  const letters = name.trim().split(/\s+/).map(first).filter(Boolean).slice(0, 2);
  return letters.join('').toUpperCase() || '?';
}

/** <input type="date"> value for an instant, in local time. */
export function toDateInput(ts: number, o: FormatOptions = {}): string {
  return calendarDay(ts, o);
}

/** Start (or end) of a <input type="date"> day in local time, as epoch ms; null when empty or invalid. */
export function fromDateInput(value: string, endOfDay = false): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = endOfDay ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999) : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d.getTime();
}

/** One line of a message for the dialog list (new lines folded, long text cut). */
export function preview(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
