import { STATS_MAX_RANGE_MS, STOP_WORDS, isAdminRole, type Stats, type StatsQuery } from '@parley/protocol';
import type { Ctx } from '../context';
import { helpCounts } from './help/articles';
import type { Actor } from './operator-actions';
import { DomainError } from '../util/errors';
import { firstMessages, statsFigures } from '../storage/integrations/stats-queries';

const HOUR = 3_600_000;
const DAY_MS = 86_400_000;
const STOP = new Set(Object.values(STOP_WORDS).flat());

/**
 * Local day (YYYY-MM-DD) and hour of instants in a time zone over [from, to): the zone's offset is
 * read with Intl once a day, and where it changed (DST) the hour of the change is found by halving,
 * so a year costs a few hundred Intl calls instead of one per hour.
 */
export function zoneClock(timeZone: string, from: number, to: number): (at: number) => { day: string; hour: number } {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const offset = (at: number) => {
    const p = Object.fromEntries(fmt.formatToParts(at).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute)) - Math.floor(at / 60_000) * 60_000;
  };
  // Offset changes as [at, offset] steps, ascending.
  const steps: [number, number][] = [];
  const start = Math.floor(from / HOUR) * HOUR;
  let prev = offset(start);
  steps.push([-Infinity, prev]);
  for (let at = start; at < to; at += DAY_MS) {
    const next = Math.min(at + DAY_MS, Math.ceil(to / HOUR) * HOUR);
    const o = offset(next);
    if (o !== prev) {
      let lo = at;
      let hi = next;
      while (hi - lo > HOUR) {
        const mid = lo + Math.floor((hi - lo) / 2 / HOUR) * HOUR;
        if (offset(mid) === prev) lo = mid;
        else hi = mid;
      }
      steps.push([hi, o]);
      prev = o;
    }
  }
  return (at: number) => {
    let o = steps[0]![1];
    for (const [t, off] of steps) if (at >= t) o = off;
    const d = new Date(at + o);
    return { day: d.toISOString().slice(0, 10), hour: d.getUTCHours() };
  };
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
  return [...counts]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
    .slice(0, limit);
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
  const clock = zoneClock(timeZone, from, to);

  const days = new Map<string, { day: string; started: number; closed: number; missed: number }>();
  // Every day of the period, empty ones too (a chart needs its zeros).
  for (let at = from; at < to; at += HOUR) {
    const { day } = clock(at);
    if (!days.has(day)) days.set(day, { day, started: 0, closed: 0, missed: 0 });
  }
  const hours = Array.from({ length: 24 }, () => 0);
  const local = new Map<number, { day: string; hour: number }>();
  const at = (h: number) => {
    let p = local.get(h);
    if (!p) local.set(h, (p = clock(h * HOUR)));
    return p;
  };
  const ops = new Map<string, { dialogs: number; closed: number; missed: number; frtSum: number; answered: number }>();
  const opOf = (id: string) => {
    let o = ops.get(id);
    if (!o) ops.set(id, (o = { dialogs: 0, closed: 0, missed: 0, frtSum: 0, answered: 0 }));
    return o;
  };
  let started = 0;
  let missed = 0;
  for (const r of f.started) {
    const p = at(r.hour);
    const d = days.get(p.day);
    if (d) {
      d.started += r.started;
      d.missed += r.missed;
    }
    hours[p.hour] = (hours[p.hour] ?? 0) + r.started;
    started += r.started;
    missed += r.missed;
    if (r.operatorId) {
      const o = opOf(r.operatorId);
      o.dialogs += r.started;
      o.missed += r.missed;
      o.frtSum += r.frtSum;
      o.answered += r.answered;
    }
  }
  for (const r of f.closed) {
    const d = days.get(at(r.hour).day);
    if (d) d.closed += r.closed;
    if (r.operatorId) opOf(r.operatorId).closed += r.closed;
  }

  const distribution = [0, 0, 0, 0, 0];
  let ratingSum = 0;
  let ratingCount = 0;
  for (const r of f.ratings) {
    if (r.score >= 1 && r.score <= 5) distribution[r.score - 1] = (distribution[r.score - 1] ?? 0) + r.count;
    ratingSum += r.score * r.count;
    ratingCount += r.count;
    if (r.operatorId) opOf(r.operatorId);
  }
  const ids = [...ops.keys()];
  const names = ids.length ? await ctx.db.selectFrom('operators').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  const round = (x: number) => Math.round(x * 100) / 100;
  const operators = ids
    .map((id) => {
      const o = ops.get(id)!;
      const rs = f.ratings.filter((x) => x.operatorId === id);
      const rc = rs.reduce((a, x) => a + x.count, 0);
      return {
        id,
        name: names.find((x) => x.id === id)?.name ?? '—',
        dialogs: o.dialogs,
        closed: o.closed,
        missed: o.missed,
        ratingAverage: rc ? round(rs.reduce((a, x) => a + x.score * x.count, 0) / rc) : null,
        firstResponseAverage: o.answered ? Math.round(o.frtSum / o.answered) : null,
      };
    })
    .sort((a, b) => b.dialogs - a.dialogs || a.name.localeCompare(b.name));

  return {
    from,
    to,
    timeZone,
    started,
    closed: f.resolution.count,
    missed,
    rating: { count: ratingCount, average: ratingCount ? round(ratingSum / ratingCount) : null, distribution },
    firstResponse: f.firstResponse,
    resolution: f.resolution,
    operators,
    days: [...days.values()],
    hours,
    topTags: f.topTags,
    topWords: topWords(await firstMessages(ctx.db, scope)),
    // The knowledge base (issue 19): articles read in the widget, and questions they answered.
    help: await helpCounts(ctx, actor.projectId, from, to),
  };
}
