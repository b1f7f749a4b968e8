import { STATS_MAX_RANGE_MS, STOP_WORDS, isAdminRole, type Stats, type StatsQuery } from '@parley/protocol';
import type { Ctx } from '../context';
import type { Actor } from './operator-actions';
import { DomainError } from '../util/errors';
import { firstMessages, statsFigures } from '../storage/integrations/stats-queries';

const HOUR = 3_600_000;
const STOP = new Set(Object.values(STOP_WORDS).flat());

/** Local day (YYYY-MM-DD) and hour of an instant in a time zone. */
function localParts(fmt: Intl.DateTimeFormat, at: number): { day: string; hour: number } {
  const p = Object.fromEntries(fmt.formatToParts(at).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) % 24 };
}

/** Words of first messages, stop words of every language left out (a visitor may write in any). */
export function topWords(texts: string[], limit = 15): { word: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    for (const w of text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []) {
      const word = w.replace(/['’-]+$/, '');
      if (word.length < 3 || STOP.has(word) || /^\d+$/.test(word) || seen.has(word)) continue;
      seen.add(word);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts].map(([word, count]) => ({ word, count })).sort((a, b) => b.count - a.count || a.word.localeCompare(b.word)).slice(0, limit);
}

/** Owners and admins: the project (or one operator); operators: their own dialogs only. */
export async function projectStats(ctx: Ctx, actor: Actor, q: StatsQuery): Promise<Stats> {
  const from = Number(q.from);
  const to = Number(q.to);
  if (!(to > from) || to - from > STATS_MAX_RANGE_MS) throw new DomainError('bad_request', { fields: ['from', 'to'] });
  const operatorId = isAdminRole(actor.role) ? q.operatorId : actor.id;
  const project = await ctx.projects.get(actor.projectId);
  const timeZone = project?.settings.schedule.timeZone ?? 'UTC';
  const scope = { projectId: actor.projectId, from, to, operatorId };
  const f = await statsFigures(ctx.db, scope);
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

  const days = new Map<string, { day: string; started: number; closed: number; missed: number }>();
  // Every day of the period, empty ones too (a chart needs its zeros).
  for (let at = from; at < to; at += HOUR) {
    const { day } = localParts(fmt, at);
    if (!days.has(day)) days.set(day, { day, started: 0, closed: 0, missed: 0 });
  }
  const hours = Array.from({ length: 24 }, () => 0);
  for (const h of f.startedHours) {
    const { day, hour } = localParts(fmt, h.hour * HOUR);
    const d = days.get(day);
    if (d) {
      d.started += h.started;
      d.missed += h.missed;
    }
    hours[hour] = (hours[hour] ?? 0) + h.started;
  }
  for (const h of f.closedHours) {
    const d = days.get(localParts(fmt, h.hour * HOUR).day);
    if (d) d.closed += h.closed;
  }

  const distribution = [0, 0, 0, 0, 0];
  let ratingSum = 0;
  let ratingCount = 0;
  for (const r of f.ratings) {
    if (r.score >= 1 && r.score <= 5) distribution[r.score - 1] = (distribution[r.score - 1] ?? 0) + r.count;
    ratingSum += r.score * r.count;
    ratingCount += r.count;
  }
  const ids = [...new Set([...f.perOperator.map((x) => x.operatorId), ...f.closedPerOperator.map((x) => x.operatorId), ...f.ratings.flatMap((x) => (x.operatorId ? [x.operatorId] : []))])];
  const names = ids.length ? await ctx.db.selectFrom('operators').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  const round = (x: number) => Math.round(x * 100) / 100;
  const operators = ids.map((id) => {
    const p = f.perOperator.find((x) => x.operatorId === id);
    const rs = f.ratings.filter((x) => x.operatorId === id);
    const rc = rs.reduce((a, x) => a + x.count, 0);
    return {
      id, name: names.find((x) => x.id === id)?.name ?? '—', dialogs: p?.dialogs ?? 0,
      closed: f.closedPerOperator.find((x) => x.operatorId === id)?.closed ?? 0, missed: p?.missed ?? 0,
      ratingAverage: rc ? round(rs.reduce((a, x) => a + x.score * x.count, 0) / rc) : null,
      firstResponseAverage: p && p.answered ? Math.round(p.frtSum / p.answered) : null,
    };
  }).sort((a, b) => b.dialogs - a.dialogs || a.name.localeCompare(b.name));

  return {
    from, to, timeZone, started: f.started, closed: f.closed, missed: f.missed,
    rating: { count: ratingCount, average: ratingCount ? round(ratingSum / ratingCount) : null, distribution },
    firstResponse: f.firstResponse, resolution: f.resolution, operators,
    days: [...days.values()], hours, topTags: f.topTags, topWords: topWords(await firstMessages(ctx.db, scope)),
  };
}
