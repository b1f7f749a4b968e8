import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../open';

/**
 * The SQL behind the statistics screen, built to answer a year of 100k dialogs within 200 ms while
 * staying exact: aggregates grouped by the project's local day (the zone's offsets, DST included,
 * are passed in as steps, so a year returns a few hundred rows, not one per hour), the busiest
 * hours as 24 rows, and each percentile as one walk of an index on its duration to the rank
 * (migration 0013_stats_indexes). Each dialog's first operator reply is kept in
 * dialogs.first_reply_at, so no query walks the messages. Portable SQL (PostgreSQL runs it too).
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

/** `col` in local time: `col + CASE WHEN col >= since THEN offset … ELSE first offset END`. */
function local(col: 'created_at' | 'closed_at', zone: [number, number][]): RawBuilder<number> {
  const c = sql.ref(col);
  if (zone.length === 1) return sql<number>`(${c} + ${int(zone[0]![1])})`;
  const whens = zone
    .slice(1)
    .reverse()
    .map(([since, off]) => sql`WHEN ${c} >= ${int(since)} THEN ${int(off)}`);
  return sql<number>`(${c} + CASE ${sql.join(whens, sql` `)} ELSE ${int(zone[0]![1])} END)`;
}

/** The nearest-rank percentile (value at rank ceil(p·count)) of a duration, walking its index to the rank. */
async function percentile(db: Db, s: StatsScope, measure: 'first_reply' | 'resolution', count: number, p: number): Promise<number | null> {
  if (count === 0) return null;
  const rank = Math.max(1, Math.ceil(p * count));
  const op = s.operatorId ? sql`AND assignee_id = ${s.operatorId}` : sql``;
  // The duration exactly as its index spells it, and the period's column behind a unary plus (no
  // index on it may serve), so the planner walks the duration's index in order and stops at the rank.
  const r =
    measure === 'first_reply'
      ? await sql<{ v: unknown }>`
      SELECT first_reply_at - created_at AS v FROM dialogs
      WHERE project_id = ${s.projectId} AND first_reply_at - created_at IS NOT NULL AND +created_at >= ${s.from} AND +created_at < ${s.to} ${op}
      ORDER BY first_reply_at - created_at LIMIT 1 OFFSET ${rank - 1}`.execute(db)
      : await sql<{ v: unknown }>`
      SELECT closed_at - created_at AS v FROM dialogs
      WHERE project_id = ${s.projectId} AND closed_at - created_at IS NOT NULL AND +closed_at >= ${s.from} AND +closed_at < ${s.to} AND status = 'closed' ${op}
      ORDER BY closed_at - created_at LIMIT 1 OFFSET ${rank - 1}`.execute(db);
  return r.rows[0] ? n(r.rows[0].v) : null;
}

export async function statsFigures(db: Db, s: StatsScope) {
  const op = s.operatorId ? sql`AND assignee_id = ${s.operatorId}` : sql``;
  const inCreated = sql`project_id = ${s.projectId} AND created_at >= ${s.from} AND created_at < ${s.to} ${op}`;
  // Started in the period, per local day and operator: totals, per-day and per-operator figures.
  const started = (
    await sql<{ assignee_id: string | null; d: unknown; c: unknown; missed: unknown; frt: unknown; answered: unknown }>`
    SELECT ${local('created_at', s.zone)} / ${int(DAY)} AS d, assignee_id, COUNT(*) AS c,
      SUM(CASE WHEN first_reply_at IS NULL THEN 1 ELSE 0 END) AS missed,
      SUM(first_reply_at - created_at) AS frt, COUNT(first_reply_at) AS answered
    FROM dialogs WHERE ${inCreated} GROUP BY 1, 2`.execute(db)
  ).rows.map((r) => ({ operatorId: r.assignee_id, day: n(r.d), started: n(r.c), missed: n(r.missed), frtSum: n(r.frt), answered: n(r.answered) }));
  // Busiest hours: dialogs started per local hour of the day.
  const hours = Array.from({ length: 24 }, () => 0);
  for (const r of (
    await sql<{ h: unknown; c: unknown }>`
    SELECT (${local('created_at', s.zone)} / ${int(HOUR)}) % 24 AS h, COUNT(*) AS c FROM dialogs WHERE ${inCreated} GROUP BY 1`.execute(db)
  ).rows)
    hours[n(r.h)] = n(r.c);
  const closed = (
    await sql<{ assignee_id: string | null; d: unknown; c: unknown }>`
    SELECT ${local('closed_at', s.zone)} / ${int(DAY)} AS d, assignee_id, COUNT(*) AS c FROM dialogs
    WHERE project_id = ${s.projectId} AND closed_at >= ${s.from} AND closed_at < ${s.to} AND status = 'closed' ${op}
    GROUP BY 1, 2`.execute(db)
  ).rows.map((r) => ({ operatorId: r.assignee_id, day: n(r.d), closed: n(r.c) }));
  const ratings = (
    await sql<{ score: unknown; c: unknown; assignee_id: string | null }>`
    SELECT rating_score AS score, assignee_id, COUNT(*) AS c FROM dialogs
    WHERE project_id = ${s.projectId} AND rated_at >= ${s.from} AND rated_at < ${s.to} AND rating_score IS NOT NULL ${op}
    GROUP BY rating_score, assignee_id`.execute(db)
  ).rows.map((r) => ({ score: n(r.score), count: n(r.c), operatorId: r.assignee_id }));
  const answered = started.reduce((a, x) => a + x.answered, 0);
  const closedCount = closed.reduce((a, x) => a + x.closed, 0);
  const topTags = (
    await sql<{ tag: string; c: unknown }>`
    SELECT t.tag, COUNT(*) AS c FROM dialog_tags t INNER JOIN dialogs d ON d.id = t.dialog_id
    WHERE d.project_id = ${s.projectId} AND d.created_at >= ${s.from} AND d.created_at < ${s.to} ${s.operatorId ? sql`AND d.assignee_id = ${s.operatorId}` : sql``}
    GROUP BY t.tag ORDER BY c DESC, t.tag LIMIT 10`.execute(db)
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
