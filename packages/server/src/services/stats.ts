import { STATS_MAX_RANGE_MS, STOP_WORDS, isAdminRole, type Stats, type StatsQuery } from '@parley/protocol';
import type { Ctx } from '../context';
import { helpCounts } from './help/articles';
import type { Actor } from './operator-actions';
import { DomainError } from '../util/errors';
import { firstMessages, statsFigures } from '../storage/integrations/stats-queries';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY_MS = 86_400_000;
const STOP = new Set(Object.values(STOP_WORDS).flat());

/**
 * The zone's UTC offset over [from, to) as steps `[since, offsetMs]`, ascending (the first since
 * -Infinity): the offset is read with Intl once a day, and where it changed (DST) the instant of the
 * change is found by halving down to the minute, so a year costs a few hundred Intl calls.
 */
export function zoneSteps(timeZone: string, from: number, to: number): [number, number][] {
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
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute)) - Math.floor(at / MINUTE) * MINUTE;
  };
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
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
        if (offset(mid) === prev) lo = mid;
        else hi = mid;
      }
      steps.push([hi, o]);
      prev = o;
    }
  }
  return steps;
}

/** The zone's offset at `at` from zoneSteps. */
function offsetAt(steps: [number, number][], at: number): number {
  let o = steps[0]![1];
  for (const [t, off] of steps) if (at >= t) o = off;
  return o;
}

/** A local day number (days since 1970-01-01 local) as YYYY-MM-DD. */
export const dayName = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Local day (YYYY-MM-DD) and hour of instants in a time zone over [from, to). */
export function zoneClock(timeZone: string, from: number, to: number): (at: number) => { day: string; hour: number } {
  const steps = zoneSteps(timeZone, from, to);
  return (at: number) => {
    const d = new Date(at + offsetAt(steps, at));
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
  const zone = zoneSteps(timeZone, from, to);
  const scope = { projectId: actor.projectId, from, to, operatorId, zone };
  const f = await statsFigures(ctx.db, scope);

  // Every local day of the period, empty ones too (a chart needs its zeros).
  const days = new Map<number, { day: string; started: number; closed: number; missed: number }>();
  const firstDay = Math.floor((from + offsetAt(zone, from)) / DAY_MS);
  const lastDay = Math.floor((to - 1 + offsetAt(zone, to - 1)) / DAY_MS);
  for (let d = firstDay; d <= lastDay; d++) days.set(d, { day: dayName(d), started: 0, closed: 0, missed: 0 });
  const ops = new Map<string, { dialogs: number; closed: number; missed: number; frtSum: number; answered: number }>();
  const opOf = (id: string) => {
    let o = ops.get(id);
    if (!o) ops.set(id, (o = { dialogs: 0, closed: 0, missed: 0, frtSum: 0, answered: 0 }));
    return o;
  };
  let started = 0;
  let missed = 0;
  for (const r of f.started) {
    const d = days.get(r.day);
    if (d) {
      d.started += r.started;
      d.missed += r.missed;
    }
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
    const d = days.get(r.day);
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
    hours: f.hours,
    topTags: f.topTags,
    topWords: topWords(await firstMessages(ctx.db, scope)),
    // The knowledge base (issue 19): articles read in the widget, and questions they answered.
    help: await helpCounts(ctx, actor.projectId, from, to),
  };
}
