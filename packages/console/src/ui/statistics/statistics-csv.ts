import type { Stats } from '@parley/protocol';

const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  // Quote what needs it; a leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const line = (cells: (string | number | null)[]) => cells.map(cell).join(',');

/** The figures as CSV (RFC 4180): totals, then per day, per operator, hours, tags and words. */
export function statsCsv(s: Stats): string {
  const rows: string[] = [];
  rows.push(line(['metric', 'value']));
  rows.push(line(['from', new Date(s.from).toISOString()]), line(['to', new Date(s.to).toISOString()]), line(['time zone', s.timeZone]));
  rows.push(line(['started', s.started]), line(['closed', s.closed]), line(['missed', s.missed]));
  rows.push(line(['rating average', s.rating.average]), line(['ratings', s.rating.count]));
  s.rating.distribution.forEach((n, i) => rows.push(line([`rating ${i + 1}`, n])));
  rows.push(line(['first response median ms', s.firstResponse.median]), line(['first response p90 ms', s.firstResponse.p90]));
  rows.push(line(['resolution median ms', s.resolution.median]), line(['resolution p90 ms', s.resolution.p90]));
  rows.push('', line(['day', 'started', 'closed', 'missed']));
  for (const d of s.days) rows.push(line([d.day, d.started, d.closed, d.missed]));
  rows.push('', line(['operator', 'dialogs', 'closed', 'missed', 'rating average', 'first response average ms']));
  for (const o of s.operators) rows.push(line([o.name, o.dialogs, o.closed, o.missed, o.ratingAverage, o.firstResponseAverage]));
  rows.push('', line(['hour', 'started']));
  s.hours.forEach((n, h) => rows.push(line([h, n])));
  rows.push('', line(['tag', 'dialogs']));
  for (const t of s.topTags) rows.push(line([t.tag, t.count]));
  rows.push('', line(['word', 'first messages']));
  for (const w of s.topWords) rows.push(line([w.word, w.count]));
  return `${rows.join('\r\n')}\r\n`;
}
