import { sql } from 'kysely';
import type { Db } from '../open';

/**
 * The SQL behind the statistics screen: aggregates only (counts and sums grouped by operator and
 * hour, percentiles by one sorted window per measure), over the dialogs table and its indexes on
 * (project, created/closed/rated time); each dialog's first operator reply is kept in
 * dialogs.first_reply_at, so no query walks the messages. Portable SQL (PostgreSQL runs it too).
 */
export interface StatsScope {
  projectId: string;
  from: number;
  to: number;
  /** Only dialogs assigned to this operator. */
  operatorId?: string | undefined;
}

const n = (x: unknown) => Number(x ?? 0);

/** Nearest-rank percentiles (value at rank ceil(p·count)) of `expr` over the rows `where` selects, one sort for all `ps`. */
async function percentiles(
  db: Db,
  s: StatsScope,
  time: 'created_at' | 'closed_at',
  expr: string,
  cond: string,
  count: number,
  ps: number[],
): Promise<(number | null)[]> {
  if (count === 0) return ps.map(() => null);
  const ranks = ps.map((p) => Math.max(1, Math.ceil(p * count)));
  const op = s.operatorId ? sql`AND assignee_id = ${s.operatorId}` : sql``;
  const r = await sql<{ v: unknown; rn: unknown }>`
    SELECT v, rn FROM (
      SELECT ${sql.raw(expr)} AS v, ROW_NUMBER() OVER (ORDER BY ${sql.raw(expr)}) AS rn FROM dialogs
      WHERE project_id = ${s.projectId} AND ${sql.ref(time)} >= ${s.from} AND ${sql.ref(time)} < ${s.to} AND ${sql.raw(cond)} ${op}
    ) x WHERE rn IN (${sql.join(ranks)})`.execute(db);
  return ranks.map((k) => {
    const row = r.rows.find((x) => n(x.rn) === k);
    return row ? n(row.v) : null;
  });
}

export async function statsFigures(db: Db, s: StatsScope) {
  const op = s.operatorId ? sql`AND assignee_id = ${s.operatorId}` : sql``;
  // Started in the period, per operator and hour: totals, per-operator and per-hour figures come from this one scan.
  const started = (
    await sql<{ assignee_id: string | null; h: unknown; c: unknown; missed: unknown; frt: unknown; answered: unknown }>`
    SELECT assignee_id, created_at / 3600000 AS h, COUNT(*) AS c,
      SUM(CASE WHEN first_reply_at IS NULL THEN 1 ELSE 0 END) AS missed,
      SUM(first_reply_at - created_at) AS frt, COUNT(first_reply_at) AS answered
    FROM dialogs WHERE project_id = ${s.projectId} AND created_at >= ${s.from} AND created_at < ${s.to} ${op}
    GROUP BY assignee_id, created_at / 3600000`.execute(db)
  ).rows.map((r) => ({ operatorId: r.assignee_id, hour: n(r.h), started: n(r.c), missed: n(r.missed), frtSum: n(r.frt), answered: n(r.answered) }));
  const closed = (
    await sql<{ assignee_id: string | null; h: unknown; c: unknown }>`
    SELECT assignee_id, closed_at / 3600000 AS h, COUNT(*) AS c FROM dialogs
    WHERE project_id = ${s.projectId} AND closed_at >= ${s.from} AND closed_at < ${s.to} AND status = 'closed' ${op}
    GROUP BY assignee_id, closed_at / 3600000`.execute(db)
  ).rows.map((r) => ({ operatorId: r.assignee_id, hour: n(r.h), closed: n(r.c) }));
  const ratings = (
    await sql<{ score: unknown; c: unknown; assignee_id: string | null }>`
    SELECT rating_score AS score, assignee_id, COUNT(*) AS c FROM dialogs
    WHERE project_id = ${s.projectId} AND rated_at >= ${s.from} AND rated_at < ${s.to} AND rating_score IS NOT NULL ${op}
    GROUP BY rating_score, assignee_id`.execute(db)
  ).rows.map((r) => ({ score: n(r.score), count: n(r.c), operatorId: r.assignee_id }));
  const answered = started.reduce((a, x) => a + x.answered, 0);
  const closedCount = closed.reduce((a, x) => a + x.closed, 0);
  const [frtMedian, frtP90] = await percentiles(db, s, 'created_at', 'first_reply_at - created_at', 'first_reply_at IS NOT NULL', answered, [0.5, 0.9]);
  const [resMedian, resP90] = await percentiles(db, s, 'closed_at', 'closed_at - created_at', "status = 'closed'", closedCount, [0.5, 0.9]);
  const topTags = (
    await sql<{ tag: string; c: unknown }>`
    SELECT t.tag, COUNT(*) AS c FROM dialog_tags t INNER JOIN dialogs d ON d.id = t.dialog_id
    WHERE d.project_id = ${s.projectId} AND d.created_at >= ${s.from} AND d.created_at < ${s.to} ${s.operatorId ? sql`AND d.assignee_id = ${s.operatorId}` : sql``}
    GROUP BY t.tag ORDER BY c DESC, t.tag LIMIT 10`.execute(db)
  ).rows.map((r) => ({ tag: r.tag, count: n(r.c) }));
  return {
    started,
    closed,
    ratings,
    topTags,
    firstResponse: { count: answered, median: frtMedian ?? null, p90: frtP90 ?? null },
    resolution: { count: closedCount, median: resMedian ?? null, p90: resP90 ?? null },
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
