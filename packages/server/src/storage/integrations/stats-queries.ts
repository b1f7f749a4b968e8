import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../open';

/**
 * The SQL behind the statistics screen: aggregates only (counts, sums, groups by hour, one row per
 * percentile via ORDER BY … OFFSET), so a year of 100k dialogs is a handful of index scans. Portable
 * SQL (no SQLite-only functions), so PostgreSQL runs the same.
 */
export interface StatsScope {
  projectId: string;
  from: number;
  to: number;
  /** Only dialogs assigned to this operator. */
  operatorId?: string | undefined;
}

const n = (x: unknown) => Number(x ?? 0);

/** Dialogs started in the period with the time of their first operator reply. */
function started(s: StatsScope): RawBuilder<unknown> {
  const op = s.operatorId ? sql`AND d.assignee_id = ${s.operatorId}` : sql``;
  return sql`SELECT d.id, d.created_at, d.assignee_id,
      (SELECT MIN(m.created_at) FROM messages m WHERE m.dialog_id = d.id AND m.author_kind = 'operator') AS first_reply
    FROM dialogs d WHERE d.project_id = ${s.projectId} AND d.created_at >= ${s.from} AND d.created_at < ${s.to} ${op}`;
}

function closedIn(s: StatsScope): RawBuilder<unknown> {
  const op = s.operatorId ? sql`AND assignee_id = ${s.operatorId}` : sql``;
  return sql`SELECT id, created_at, closed_at, assignee_id FROM dialogs
    WHERE project_id = ${s.projectId} AND status = 'closed' AND closed_at >= ${s.from} AND closed_at < ${s.to} ${op}`;
}

/** Nearest-rank percentile of `expr` over `from`: the value at rank ceil(p·count). */
async function percentile(db: Db, from: RawBuilder<unknown>, expr: RawBuilder<unknown>, where: RawBuilder<unknown>, count: number, p: number): Promise<number | null> {
  if (count === 0) return null;
  const offset = Math.max(0, Math.ceil(p * count) - 1);
  const r = await sql<{ v: unknown }>`SELECT ${expr} AS v FROM (${from}) b WHERE ${where} ORDER BY v LIMIT 1 OFFSET ${offset}`.execute(db);
  return r.rows[0] ? n(r.rows[0].v) : null;
}

export async function statsFigures(db: Db, s: StatsScope) {
  const base = started(s);
  const closed = closedIn(s);
  const [totals] = (await sql<{ started: unknown; missed: unknown; answered: unknown }>`
    SELECT COUNT(*) AS started, SUM(CASE WHEN first_reply IS NULL THEN 1 ELSE 0 END) AS missed, COUNT(first_reply) AS answered
    FROM (${base}) b`.execute(db)).rows;
  const [closedTotals] = (await sql<{ closed: unknown }>`SELECT COUNT(*) AS closed FROM (${closed}) c`.execute(db)).rows;
  const answered = n(totals?.answered);
  const closedCount = n(closedTotals?.closed);
  const frt = sql`first_reply - created_at`;
  const res = sql`closed_at - created_at`;
  const firstResponse = {
    count: answered,
    median: await percentile(db, base, frt, sql`first_reply IS NOT NULL`, answered, 0.5),
    p90: await percentile(db, base, frt, sql`first_reply IS NOT NULL`, answered, 0.9),
  };
  const resolution = {
    count: closedCount,
    median: await percentile(db, closed, res, sql`1 = 1`, closedCount, 0.5),
    p90: await percentile(db, closed, res, sql`1 = 1`, closedCount, 0.9),
  };
  const op = s.operatorId ? sql`AND assignee_id = ${s.operatorId}` : sql``;
  const ratings = (await sql<{ score: unknown; c: unknown; assignee_id: string | null }>`
    SELECT rating_score AS score, assignee_id, COUNT(*) AS c FROM dialogs
    WHERE project_id = ${s.projectId} AND rated_at >= ${s.from} AND rated_at < ${s.to} AND rating_score IS NOT NULL ${op}
    GROUP BY rating_score, assignee_id`.execute(db)).rows.map((r) => ({ score: n(r.score), count: n(r.c), operatorId: r.assignee_id }));
  const perOperator = (await sql<{ assignee_id: string; dialogs: unknown; missed: unknown; frt_sum: unknown; answered: unknown }>`
    SELECT assignee_id, COUNT(*) AS dialogs, SUM(CASE WHEN first_reply IS NULL THEN 1 ELSE 0 END) AS missed,
      SUM(first_reply - created_at) AS frt_sum, COUNT(first_reply) AS answered
    FROM (${base}) b WHERE assignee_id IS NOT NULL GROUP BY assignee_id`.execute(db)).rows
    .map((r) => ({ operatorId: r.assignee_id, dialogs: n(r.dialogs), missed: n(r.missed), frtSum: n(r.frt_sum), answered: n(r.answered) }));
  const closedPerOperator = (await sql<{ assignee_id: string; c: unknown }>`
    SELECT assignee_id, COUNT(*) AS c FROM (${closed}) c WHERE assignee_id IS NOT NULL GROUP BY assignee_id`.execute(db)).rows
    .map((r) => ({ operatorId: r.assignee_id, closed: n(r.c) }));
  const startedHours = (await sql<{ h: unknown; c: unknown; missed: unknown }>`
    SELECT created_at / 3600000 AS h, COUNT(*) AS c, SUM(CASE WHEN first_reply IS NULL THEN 1 ELSE 0 END) AS missed
    FROM (${base}) b GROUP BY created_at / 3600000`.execute(db)).rows.map((r) => ({ hour: n(r.h), started: n(r.c), missed: n(r.missed) }));
  const closedHours = (await sql<{ h: unknown; c: unknown }>`
    SELECT closed_at / 3600000 AS h, COUNT(*) AS c FROM (${closed}) c GROUP BY closed_at / 3600000`.execute(db)).rows
    .map((r) => ({ hour: n(r.h), closed: n(r.c) }));
  const topTags = (await sql<{ tag: string; c: unknown }>`
    SELECT t.tag, COUNT(*) AS c FROM dialog_tags t INNER JOIN (${base}) b ON b.id = t.dialog_id
    GROUP BY t.tag ORDER BY c DESC, t.tag LIMIT 10`.execute(db)).rows.map((r) => ({ tag: r.tag, count: n(r.c) }));
  return {
    started: n(totals?.started), missed: n(totals?.missed), closed: closedCount, firstResponse, resolution, ratings,
    perOperator, closedPerOperator, startedHours, closedHours, topTags,
  };
}

/** The first visitor message of the period's dialogs (newest dialogs first, at most `limit`). */
export async function firstMessages(db: Db, s: StatsScope, limit = 5000): Promise<string[]> {
  const r = await sql<{ text: string | null }>`
    SELECT (SELECT m.text FROM messages m WHERE m.dialog_id = b.id AND m.author_kind = 'visitor' ORDER BY m.seq LIMIT 1) AS text
    FROM (${started(s)}) b ORDER BY b.created_at DESC LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => x.text ?? '').filter(Boolean);
}
