import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../open';

/**
 * The SQL behind the statistics screen, built to answer a year of 100k dialogs within 200 ms while
 * staying exact: days, hours, closes and ratings come from the hourly rollups (`stats_hours`, kept
 * by triggers in the writes' own transactions: stats-rollup-migration.ts) grouped into the
 * project's local days and hours (the zone's offsets, DST included, passed in as steps), with the
 * period's partial end hours and half-hour zones read from the dialogs; each percentile is one walk
 * of an index on its duration to the rank (migration 0013_stats_indexes). Each dialog's first
 * operator reply is kept in dialogs.first_reply_at, so no query walks the messages. Portable SQL
 * (PostgreSQL runs it too).
 */
export interface StatsScope {
  projectId: string;
  from: number;
  to: number;
  /** Only dialogs assigned to this operator. */
  operatorId?: string | undefined;
  /** The zone's UTC offset as steps `[since, offsetMs]`, ascending, the first since -Infinity (services/stats.ts zoneSteps). */
  zone: [number, number][];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const n = (x: unknown) => Number(x ?? 0);
/** A whole number as SQL text (an offset or instant computed here, never user text). */
const int = (x: number) => sql.raw(String(Math.trunc(x)));

/** An instant in local time: `at + CASE WHEN at >= since THEN offset … ELSE first offset END`. */
function local(at: RawBuilder<unknown>, zone: [number, number][]): RawBuilder<number> {
  if (zone.length === 1) return sql<number>`(${at} + ${int(zone[0]![1])})`;
  const whens = zone
    .slice(1)
    .reverse()
    .map(([since, off]) => sql`WHEN ${at} >= ${int(since)} THEN ${int(off)}`);
  return sql<number>`(${at} + CASE ${sql.join(whens, sql` `)} ELSE ${int(zone[0]![1])} END)`;
}
const col = (c: 'created_at' | 'closed_at'): RawBuilder<unknown> => sql<unknown>`${sql.ref(c)}`;

/**
 * The nearest-rank percentile (value at rank ceil(p·count)) of a duration, walking its index to the
 * rank from whichever end is nearer (the p90 steps over a tenth of the period's dialogs, not nine).
 */
async function percentile(db: Db, s: StatsScope, measure: 'first_reply' | 'resolution', count: number, p: number): Promise<number | null> {
  if (count === 0) return null;
  const rank = Math.max(1, Math.ceil(p * count));
  const fromTop = rank > count / 2;
  const order = fromTop ? sql`DESC` : sql`ASC`;
  const offset = fromTop ? count - rank : rank - 1;
  const op = s.operatorId ? sql`AND assignee_id = ${s.operatorId}` : sql``;
  // The duration exactly as its index spells it, and the period's column behind a unary plus (no
  // index on it may serve), so the planner walks the duration's index in order and stops at the rank.
  const r =
    measure === 'first_reply'
      ? await sql<{ v: unknown }>`
      SELECT first_reply_at - created_at AS v FROM dialogs
      WHERE project_id = ${s.projectId} AND first_reply_at - created_at IS NOT NULL AND +created_at >= ${s.from} AND +created_at < ${s.to} ${op}
      ORDER BY first_reply_at - created_at ${order} LIMIT 1 OFFSET ${offset}`.execute(db)
      : await sql<{ v: unknown }>`
      SELECT closed_at - created_at AS v FROM dialogs
      WHERE project_id = ${s.projectId} AND closed_at - created_at IS NOT NULL AND +closed_at >= ${s.from} AND +closed_at < ${s.to} AND status = 'closed' ${op}
      ORDER BY closed_at - created_at ${order} LIMIT 1 OFFSET ${offset}`.execute(db);
  return r.rows[0] ? n(r.rows[0].v) : null;
}

type Aggregates = Awaited<ReturnType<typeof liveAggregates>>;

/** Days, hours, closes and ratings of the period, read from the dialogs themselves. */
export async function liveAggregates(db: Db, s: StatsScope) {
  const op = s.operatorId ? sql`AND assignee_id = ${s.operatorId}` : sql``;
  const inCreated = sql`project_id = ${s.projectId} AND created_at >= ${s.from} AND created_at < ${s.to} ${op}`;
  // Started in the period, per local day and operator: totals, per-day and per-operator figures.
  const started = (
    await sql<{ assignee_id: string | null; d: unknown; c: unknown; missed: unknown; frt: unknown; answered: unknown }>`
    SELECT ${local(col('created_at'), s.zone)} / ${int(DAY)} AS d, assignee_id, COUNT(*) AS c,
      SUM(CASE WHEN first_reply_at IS NULL THEN 1 ELSE 0 END) AS missed,
      SUM(first_reply_at - created_at) AS frt, COUNT(first_reply_at) AS answered
    FROM dialogs WHERE ${inCreated} GROUP BY 1, 2`.execute(db)
  ).rows.map((r) => ({ operatorId: r.assignee_id, day: n(r.d), started: n(r.c), missed: n(r.missed), frtSum: n(r.frt), answered: n(r.answered) }));
  // Busiest hours: dialogs started per local hour of the day.
  const hours = Array.from({ length: 24 }, () => 0);
  for (const r of (
    await sql<{ h: unknown; c: unknown }>`
    SELECT (${local(col('created_at'), s.zone)} / ${int(HOUR)}) % 24 AS h, COUNT(*) AS c FROM dialogs WHERE ${inCreated} GROUP BY 1`.execute(db)
  ).rows)
    hours[n(r.h)] = n(r.c);
  const closed = (
    await sql<{ assignee_id: string | null; d: unknown; c: unknown }>`
    SELECT ${local(col('closed_at'), s.zone)} / ${int(DAY)} AS d, assignee_id, COUNT(*) AS c FROM dialogs
    WHERE project_id = ${s.projectId} AND closed_at >= ${s.from} AND closed_at < ${s.to} AND status = 'closed' ${op}
    GROUP BY 1, 2`.execute(db)
  ).rows.map((r) => ({ operatorId: r.assignee_id, day: n(r.d), closed: n(r.c) }));
  const ratings = (
    await sql<{ score: unknown; c: unknown; assignee_id: string | null }>`
    SELECT rating_score AS score, assignee_id, COUNT(*) AS c FROM dialogs
    WHERE project_id = ${s.projectId} AND rated_at >= ${s.from} AND rated_at < ${s.to} AND rating_score IS NOT NULL ${op}
    GROUP BY rating_score, assignee_id`.execute(db)
  ).rows.map((r) => ({ score: n(r.score), count: n(r.c), operatorId: r.assignee_id }));
  return { started, hours, closed, ratings };
}

/**
 * The same figures from the hourly rollups (stats-rollup-migration.ts) for the period's whole UTC
 * hours, grouped into the zone's local days and hours here, and from the dialogs for the partial
 * hours at its two ends. Exact whenever every local day is made of whole UTC hours (every step of
 * the zone an hour boundary and a whole-hour offset); other zones (+05:30, +05:45…) read live.
 */
export async function aggregates(db: Db, s: StatsScope): Promise<Aggregates> {
  const first = Math.ceil(s.from / HOUR);
  const end = Math.floor(s.to / HOUR);
  const hourly = s.zone.every(([since, off]) => off % HOUR === 0 && (since === -Infinity || since % HOUR === 0));
  if (!hourly || end <= first) return liveAggregates(db, s);
  const parts = [await rollupAggregates(db, s, first, end)];
  if (s.from < first * HOUR) parts.push(await liveAggregates(db, { ...s, to: first * HOUR }));
  if (end * HOUR < s.to) parts.push(await liveAggregates(db, { ...s, from: end * HOUR }));
  return {
    started: parts.flatMap((p) => p.started),
    hours: parts.reduce(
      (a, p) => a.map((x, h) => x + (p.hours[h] ?? 0)),
      Array.from({ length: 24 }, () => 0),
    ),
    closed: parts.flatMap((p) => p.closed),
    ratings: parts.flatMap((p) => p.ratings),
  };
}

/** Rollup rows of the hours [first, end), grouped by local day (and hour of the day) and assignee. */
export async function rollupAggregates(db: Db, s: StatsScope, first: number, end: number): Promise<Aggregates> {
  const at = sql`(hour * ${int(HOUR)})`;
  const where = sql`project_id = ${s.projectId} AND hour >= ${first} AND hour < ${end} ${s.operatorId ? sql`AND assignee = ${s.operatorId}` : sql``}`;
  const rows = (
    await sql<Record<'d' | 'assignee' | 'started' | 'missed' | 'answered' | 'frt' | 'closed' | 'r1' | 'r2' | 'r3' | 'r4' | 'r5', unknown>>`
    SELECT ${local(at, s.zone)} / ${int(DAY)} AS d, assignee, SUM(started) AS started, SUM(missed) AS missed, SUM(answered) AS answered,
      SUM(frt_sum) AS frt, SUM(closed) AS closed, SUM(r1) AS r1, SUM(r2) AS r2, SUM(r3) AS r3, SUM(r4) AS r4, SUM(r5) AS r5
    FROM stats_hours WHERE ${where} GROUP BY 1, 2`.execute(db)
  ).rows;
  const hours = Array.from({ length: 24 }, () => 0);
  for (const r of (
    await sql<{ h: unknown; c: unknown }>`
    SELECT (${local(at, s.zone)} / ${int(HOUR)}) % 24 AS h, SUM(started) AS c FROM stats_hours WHERE ${where} GROUP BY 1`.execute(db)
  ).rows)
    hours[n(r.h)] = n(r.c);
  const agg: Aggregates = { started: [], hours, closed: [], ratings: [] };
  for (const r of rows) {
    const operatorId = typeof r.assignee === 'string' && r.assignee ? r.assignee : null;
    const day = n(r.d);
    if (n(r.started)) agg.started.push({ operatorId, day, started: n(r.started), missed: n(r.missed), frtSum: n(r.frt), answered: n(r.answered) });
    if (n(r.closed)) agg.closed.push({ operatorId, day, closed: n(r.closed) });
    for (const score of [1, 2, 3, 4, 5] as const) {
      const count = n(r[`r${score}`]);
      if (count) agg.ratings.push({ score, count, operatorId });
    }
  }
  return agg;
}

export async function statsFigures(db: Db, s: StatsScope) {
  const { started, hours, closed, ratings } = await aggregates(db, s);
  const answered = started.reduce((a, x) => a + x.answered, 0);
  const closedCount = closed.reduce((a, x) => a + x.closed, 0);
  // Tag rows carry their dialog's project and start (0017_stats_rollup): one index range, no join
  // unless one operator's dialogs are asked for.
  const topTags = (
    s.operatorId
      ? await sql<{ tag: string; c: unknown }>`
    SELECT t.tag, COUNT(*) AS c FROM dialog_tags t INNER JOIN dialogs d ON d.id = t.dialog_id
    WHERE t.project_id = ${s.projectId} AND t.created_at >= ${s.from} AND t.created_at < ${s.to} AND d.assignee_id = ${s.operatorId}
    GROUP BY t.tag ORDER BY c DESC, t.tag LIMIT 10`.execute(db)
      : await sql<{ tag: string; c: unknown }>`
    SELECT tag, COUNT(*) AS c FROM dialog_tags WHERE project_id = ${s.projectId} AND created_at >= ${s.from} AND created_at < ${s.to}
    GROUP BY tag ORDER BY c DESC, tag LIMIT 10`.execute(db)
  ).rows.map((r) => ({ tag: r.tag, count: n(r.c) }));
  return {
    started,
    hours,
    closed,
    ratings,
    topTags,
    firstResponse: {
      count: answered,
      median: await percentile(db, s, 'first_reply', answered, 0.5),
      p90: await percentile(db, s, 'first_reply', answered, 0.9),
    },
    resolution: {
      count: closedCount,
      median: await percentile(db, s, 'resolution', closedCount, 0.5),
      p90: await percentile(db, s, 'resolution', closedCount, 0.9),
    },
  };
}

/** The first visitor message of the period's newest dialogs (at most `limit`). */
export async function firstMessages(db: Db, s: StatsScope, limit = 5000): Promise<string[]> {
  const op = s.operatorId ? sql`AND d.assignee_id = ${s.operatorId}` : sql``;
  const r = await sql<{ text: string | null }>`
    SELECT (SELECT m.text FROM messages m WHERE m.dialog_id = d.id AND m.author_kind = 'visitor' ORDER BY m.seq LIMIT 1) AS text
    FROM (SELECT id FROM dialogs d WHERE d.project_id = ${s.projectId} AND d.created_at >= ${s.from} AND d.created_at < ${s.to} ${op}
      ORDER BY d.created_at DESC LIMIT ${limit}) d`.execute(db);
  return r.rows.map((x) => x.text ?? '').filter(Boolean);
}
