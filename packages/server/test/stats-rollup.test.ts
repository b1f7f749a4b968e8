/**
 * The statistics rollups (stats_hours, kept by triggers on dialogs) give exactly what the live query
 * over the dialogs gives: over a DST change and local day boundaries, in several zones (the rollups
 * are UTC hours, so a project's zone change needs no rebuild), for periods that start and end inside
 * an hour, after every kind of write that changes a figure, and after the migration's backfill.
 * Runs on SQLite and on PostgreSQL (the `integration-pg` project): the triggers are per dialect.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../src/app';
import { projectStats, zoneSteps } from '../src/services/stats';
import type { Actor } from '../src/services/operator-actions';
import { aggregates, liveAggregates, statsFigures, type StatsScope } from '../src/storage/integrations/stats-queries';
import { pgStatsRollup, sqliteStatsRollup } from '../src/storage/integrations/stats-rollup-migration';
import { testStore } from './harness';
import { dialogRow, setZone, statsServer, visitorRow, type StatsServer } from './stats-fixtures';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
// Paris moves to summer time on Sunday 2026-03-29 at 01:00 UTC; New York on 2026-03-08.
const START = Date.UTC(2026, 2, 26, 0, 0);
const SPAN = 6 * DAY;
const N = 240;
let stats: StatsServer;
let server: ParleyServer;
let owner: Actor;

/** A deterministic spread of times (about 40 a day, some on the hour and at local midnight). */
const at = (i: number) => START + ((i * 7_919_993) % SPAN) - (i % 11 === 0 ? ((i * 7_919_993) % SPAN) % HOUR : 0);

async function seed() {
  const db = server.ctx.db;
  const ops = [owner.id, 'annOperator0', null];
  for (let i = 0; i < N; i++) {
    const created = at(i);
    const vid = `rv${String(i).padStart(10, '0')}`;
    await db.insertInto('visitors').values(visitorRow(vid, created)).execute();
    const closed = i % 3 !== 1 ? created + (i % 17) * 23 * MIN : null;
    await db
      .insertInto('dialogs')
      .values(
        dialogRow({
          id: `rd${String(i).padStart(10, '0')}`,
          visitorId: vid,
          createdAt: created,
          assigneeId: ops[i % 3] ?? null,
          firstReplyAt: i % 5 === 2 ? null : created + (i % 13) * 3 * MIN,
          closedAt: closed,
          rating: closed !== null && i % 4 === 0 ? { score: 1 + (i % 5), at: closed + MIN } : null,
        }),
      )
      .execute();
    const tags = ['refund', 'delivery', 'login', 'price'].filter((_, k) => (i + k) % (k + 2) === 0);
    if (tags.length)
      await db
        .insertInto('dialog_tags')
        .values(tags.map((tag) => ({ dialog_id: `rd${String(i).padStart(10, '0')}`, tag })))
        .execute();
  }
}

/** Aggregates as sums per (day, operator) and (score, operator), in one order. */
function norm(a: Awaited<ReturnType<typeof liveAggregates>>) {
  const sum = <T extends object>(rows: T[], key: (r: T) => string, fields: (keyof T)[]) => {
    const m = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const k = key(r);
      const o = m.get(k) ?? Object.fromEntries(fields.map((f) => [f, 0]));
      for (const f of fields) o[f as string]! += Number(r[f]);
      m.set(k, o);
    }
    return [...m].sort(([a], [b]) => a.localeCompare(b));
  };
  return {
    started: sum(a.started, (r) => `${r.day}|${r.operatorId}`, ['started', 'missed', 'frtSum', 'answered']),
    closed: sum(a.closed, (r) => `${r.day}|${r.operatorId}`, ['closed']),
    ratings: sum(a.ratings, (r) => `${r.score}|${r.operatorId}`, ['count']),
    hours: a.hours,
  };
}

async function expectSame(timeZone: string, from: number, to: number, operatorId?: string) {
  const scope: StatsScope = { projectId: 'demo', from, to, operatorId, zone: zoneSteps(timeZone, from, to) };
  const live = norm(await liveAggregates(server.ctx.db, scope));
  expect(live.started.length).toBeGreaterThan(0);
  expect(norm(await aggregates(server.ctx.db, scope))).toEqual(live);
  // Top tags from the tag rows' own project and start, as the join over the dialogs counts them.
  const joined = await sql<{ tag: string; c: unknown }>`
    SELECT t.tag, COUNT(*) AS c FROM dialog_tags t INNER JOIN dialogs d ON d.id = t.dialog_id
    WHERE d.project_id = 'demo' AND d.created_at >= ${from} AND d.created_at < ${to} ${operatorId ? sql`AND d.assignee_id = ${operatorId}` : sql``}
    GROUP BY t.tag ORDER BY c DESC, t.tag LIMIT 10`.execute(server.ctx.db);
  const tags = joined.rows.map((r) => ({ tag: r.tag, count: Number(r.c) }));
  expect(tags.length).toBeGreaterThan(1);
  expect((await statsFigures(server.ctx.db, scope)).topTags).toEqual(tags);
}

const ZONES = ['Europe/Paris', 'UTC', 'America/New_York', 'Asia/Tokyo', 'Asia/Kolkata'];

async function expectAllSame() {
  for (const zone of ZONES) {
    await expectSame(zone, START, START + SPAN);
    // Periods that start and end inside an hour, and one operator's dialogs.
    await expectSame(zone, START + 17 * MIN + 3, START + SPAN - 2 * DAY - 41 * MIN);
    await expectSame(zone, START + DAY + 5, START + 3 * DAY + HOUR + 1, owner.id);
  }
}

beforeAll(async () => {
  stats = await statsServer(START - DAY);
  ({ server, owner } = stats);
  await seed();
});

afterAll(async () => {
  await stats?.close();
});

describe('statistics rollups', () => {
  it('equal the live query over a DST change, in every zone, for periods inside hours', async () => {
    await expectAllSame();
  });

  it('stay equal after replies, closes, reopens, reassignments, ratings and deletions', async () => {
    const db = server.ctx.db;
    const id = (i: number) => `rd${String(i).padStart(10, '0')}`;
    for (let i = 0; i < N; i += 7) {
      // A first reply to a missed dialog; a dialog reopened; one closed late; a reassignment; a new rating.
      if (i % 5 === 2)
        await db
          .updateTable('dialogs')
          .set({ first_reply_at: at(i) + 5 * MIN })
          .where('id', '=', id(i))
          .execute();
      else if (i % 3 === 0) await db.updateTable('dialogs').set({ status: 'open', close_status: null, closed_at: null }).where('id', '=', id(i)).execute();
      else if (i % 3 === 1)
        await db
          .updateTable('dialogs')
          .set({ status: 'closed', close_status: 'resolved', closed_at: at(i) + 2 * DAY })
          .where('id', '=', id(i))
          .execute();
      if (i % 2 === 0) await db.updateTable('dialogs').set({ assignee_id: 'annOperator0' }).where('id', '=', id(i)).execute();
      if (i % 4 === 1)
        await db
          .updateTable('dialogs')
          .set({ rating_score: 3, rated_at: at(i) + HOUR })
          .where('id', '=', id(i))
          .execute();
    }
    // An UPDATE that names the columns without changing them (an operator's later reply) changes nothing.
    await sql`UPDATE dialogs SET first_reply_at = COALESCE(first_reply_at, ${START}), assignee_id = assignee_id`.execute(db);
    // Tags changed as an operator does (all of a dialog's rows replaced).
    await db.deleteFrom('dialog_tags').where('dialog_id', '=', id(14)).execute();
    await db
      .insertInto('dialog_tags')
      .values([
        { dialog_id: id(14), tag: 'vip' },
        { dialog_id: id(21), tag: 'vip' },
      ])
      .execute();
    // Retention and erasure delete dialogs (their tags and messages go with them).
    await db
      .deleteFrom('dialogs')
      .where('id', 'in', [id(3), id(10), id(11), id(100)])
      .execute();
    await expectAllSame();
  });

  it('follow a zone change: days and hours of the project as its zone is now', async () => {
    // Paris days 28, 29 (23 hours: summer time from 03:00) and 30 March; Tokyo's start at 08:00 on the 28th.
    const from = Date.UTC(2026, 2, 27, 23, 0);
    const to = Date.UTC(2026, 2, 30, 22, 0);
    await setZone(server, 'Europe/Paris');
    const paris = await projectStats(server.ctx, owner, { from: String(from), to: String(to) });
    await setZone(server, 'Asia/Tokyo');
    const tokyo = await projectStats(server.ctx, owner, { from: String(from), to: String(to) });
    expect(tokyo.timeZone).toBe('Asia/Tokyo');
    // The same dialogs in the period, split into other days and hours.
    expect(tokyo.started).toBe(paris.started);
    expect(tokyo.days.map((d) => d.day)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
    expect(paris.days.map((d) => d.day)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    for (const [s, zone] of [
      [paris, 'Europe/Paris'],
      [tokyo, 'Asia/Tokyo'],
    ] as const) {
      const live = norm(await liveAggregates(server.ctx.db, { projectId: 'demo', from, to, zone: zoneSteps(zone, from, to) }));
      expect(s.hours).toEqual(live.hours);
      const perDay = new Map<string, number>();
      for (const [k, v] of live.started) perDay.set(k.split('|')[0]!, (perDay.get(k.split('|')[0]!) ?? 0) + v.started!);
      expect(s.days.filter((d) => d.started).map((d) => d.started)).toEqual([...perDay].sort().map(([, c]) => c));
    }
  });

  it('are rebuilt from the dialogs by the migration exactly as the triggers keep them', async () => {
    const m = testStore() === 'postgres' ? pgStatsRollup : sqliteStatsRollup;
    const before =
      await sql`SELECT * FROM stats_hours WHERE started <> 0 OR closed <> 0 OR r1 + r2 + r3 + r4 + r5 <> 0 ORDER BY project_id, hour, assignee`.execute(
        server.ctx.db,
      );
    await m.down!(server.ctx.db);
    await m.up(server.ctx.db);
    const after = await sql`SELECT * FROM stats_hours ORDER BY project_id, hour, assignee`.execute(server.ctx.db);
    expect(after.rows).toEqual(before.rows);
    // The tag rows' project and start as the trigger set them.
    const count = async (q: ReturnType<typeof sql<{ c: unknown }>>) => Number((await q.execute(server.ctx.db)).rows[0]!.c);
    const right = await count(sql`SELECT COUNT(*) AS c FROM dialog_tags t INNER JOIN dialogs d ON d.id = t.dialog_id
      WHERE t.project_id = d.project_id AND t.created_at = d.created_at`);
    expect(right).toBeGreaterThan(50);
    expect(right).toBe(await count(sql`SELECT COUNT(*) AS c FROM dialog_tags`));
    await expectAllSame();
  });
});
