/**
 * Statistics from seeded dialogs equal hand-computed figures (issue 16). The dialogs are written
 * with known times into an in-process server's database, then read through the service the API uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../src/app';
import { projectStats, topWords } from '../src/services/stats';
import type { Actor } from '../src/services/operator-actions';
import { dialogRow, setZone, statsServer, visitorRow, type StatsServer } from './stats-fixtures';

const MIN = 60_000;
// Monday 2026-11-30 00:00 in Paris (UTC+1): the project's time zone decides days and hours.
const DAY0 = Date.UTC(2026, 10, 29, 23, 0);
let stats: StatsServer;
let server: ParleyServer;
let owner: Actor;
let ann: Actor;

interface Seed {
  start: number;
  /** Minutes after the start of the first operator reply (null: never answered). */
  reply: number | null;
  /** Minutes after the start it was closed. */
  close: number | null;
  rating?: number;
  op: 'owner' | 'ann' | null;
  text: string;
  tags?: string[];
}

async function seed(list: Seed[]) {
  const db = server.ctx.db;
  let i = 0;
  for (const s of list) {
    i++;
    const vid = `vis${i}`.padEnd(12, '0');
    const did = `dlg${i}`.padEnd(12, '0');
    const opId = s.op === 'owner' ? owner.id : s.op === 'ann' ? ann.id : null;
    await db.insertInto('visitors').values(visitorRow(vid, s.start)).execute();
    const closedAt = s.close === null ? null : s.start + s.close * MIN;
    await db
      .insertInto('dialogs')
      .values(
        dialogRow({
          id: did,
          visitorId: vid,
          createdAt: s.start,
          assigneeId: opId,
          firstReplyAt: s.reply === null ? null : s.start + s.reply * MIN,
          closedAt,
          rating: s.rating ? { score: s.rating, at: (closedAt ?? s.start) + MIN } : null,
        }),
      )
      .execute();
    const msg = (seq: number, kind: string, at: number, text: string) => ({
      id: `${did}m${seq}`,
      project_id: 'demo',
      dialog_id: did,
      seq,
      client_id: null,
      author_kind: kind,
      operator_id: kind === 'operator' ? opId : null,
      visitor_id: kind === 'visitor' ? vid : null,
      device_id: null,
      text,
      created_at: at,
      edited_at: null,
      deleted_at: null,
      channel: 'web',
    });
    await db
      .insertInto('messages')
      .values(msg(1, 'visitor', s.start, s.text))
      .execute();
    if (s.reply !== null)
      await db
        .insertInto('messages')
        .values(msg(2, 'operator', s.start + s.reply * MIN, 'On it'))
        .execute();
    for (const tag of s.tags ?? []) await db.insertInto('dialog_tags').values({ dialog_id: did, tag }).execute();
  }
}

beforeAll(async () => {
  stats = await statsServer(DAY0 - 86_400_000);
  ({ server, owner, ann } = stats);
  await setZone(server, 'Europe/Paris');
  const h = (day: number, hour: number, min = 0) => DAY0 + day * 86_400_000 + hour * 3_600_000 + min * MIN;
  await seed([
    // Monday
    { start: h(0, 9), reply: 1, close: 30, rating: 5, op: 'owner', text: 'Where is my parcel?', tags: ['delivery'] },
    { start: h(0, 9, 30), reply: 4, close: 60, rating: 2, op: 'ann', text: 'My parcel is late again', tags: ['delivery', 'complaint'] },
    { start: h(0, 14), reply: null, close: null, op: null, text: 'Hello? refund please' },
    // Tuesday
    { start: h(1, 9, 10), reply: 10, close: 120, rating: 4, op: 'ann', text: 'Refund for order 123', tags: ['refund'] },
    { start: h(1, 23, 50), reply: 2, close: 20, op: 'owner', text: 'Password reset does not work' },
    // Outside the period (the Sunday before).
    { start: h(-1, 12), reply: 1, close: 5, rating: 1, op: 'owner', text: 'ignored parcel' },
  ]);
});

afterAll(async () => {
  await stats?.close();
});

describe('statistics', () => {
  it('equal the hand-computed figures of the seeded dialogs', async () => {
    const from = DAY0;
    const to = DAY0 + 2 * 86_400_000;
    const s = await projectStats(server.ctx, owner, { from: String(from), to: String(to) });
    expect(s.timeZone).toBe('Europe/Paris');
    expect(s).toMatchObject({ started: 5, missed: 1 });
    // Closed in the period: three (Tuesday 23:50 + 20 min closes on Wednesday 00:10 Paris, after the period).
    expect(s.closed).toBe(3);
    // First replies (min): 1, 4, 10, 2 → sorted 1, 2, 4, 10: median (rank 2) = 2, p90 (rank 4) = 10.
    expect(s.firstResponse).toEqual({ count: 4, median: 2 * MIN, p90: 10 * MIN });
    // Resolution of the three closed in the period: 30, 60, 120 → median 60, p90 (rank 3) 120.
    expect(s.resolution).toEqual({ count: 3, median: 60 * MIN, p90: 120 * MIN });
    // Ratings given in the period: 5, 2, 4 → average 3.67; distribution by score 1..5.
    expect(s.rating).toEqual({ count: 3, average: 3.67, distribution: [0, 1, 0, 1, 1] });
    expect(s.days).toEqual([
      { day: '2026-11-30', started: 3, closed: 2, missed: 1 },
      { day: '2026-12-01', started: 2, closed: 1, missed: 0 },
    ]);
    const hours = Array.from({ length: 24 }, () => 0);
    hours[9] = 3;
    hours[14] = 1;
    hours[23] = 1;
    expect(s.hours).toEqual(hours);
    expect(s.topTags).toEqual([
      { tag: 'delivery', count: 2 },
      { tag: 'complaint', count: 1 },
      { tag: 'refund', count: 1 },
    ]);
    expect(s.topWords.slice(0, 2)).toEqual([
      { word: 'parcel', count: 2 },
      { word: 'refund', count: 2 },
    ]);
    const byName = Object.fromEntries(s.operators.map((o) => [o.name, o]));
    expect(byName.Ann).toMatchObject({ dialogs: 2, closed: 2, missed: 0, ratingAverage: 3, firstResponseAverage: 7 * MIN });
    expect(byName['Demo Owner'] ?? s.operators.find((o) => o.id === owner.id)).toMatchObject({
      dialogs: 2,
      closed: 1,
      ratingAverage: 5,
      firstResponseAverage: 1.5 * MIN,
    });
  });

  it('operators see their own dialogs only', async () => {
    const s = await projectStats(server.ctx, ann, { from: String(DAY0), to: String(DAY0 + 2 * 86_400_000), operatorId: owner.id });
    expect(s).toMatchObject({ started: 2, closed: 2, missed: 0 });
    expect(s.operators.map((o) => o.name)).toEqual(['Ann']);
  });

  it('refuses an empty or too long period', async () => {
    await expect(projectStats(server.ctx, owner, { from: '10', to: '10' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(projectStats(server.ctx, owner, { from: '0', to: String(401 * 86_400_000) })).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('counts words once per message, without stop words of ru, en and fr', () => {
    expect(topWords(['Bonjour, je voudrais un remboursement', 'Здравствуйте, хочу возврат возврат', 'refund refund please'])).toEqual([
      { word: 'refund', count: 1 },
      { word: 'remboursement', count: 1 },
      { word: 'voudrais', count: 1 },
      { word: 'возврат', count: 1 },
    ]);
  });
});
