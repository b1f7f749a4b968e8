import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../storage/sqlite/open';
import type { Storage } from '../storage/types';
import { MAX_EVENTS_PER_VISITOR, recordVisitorEvent, visitorEventsBetween } from './visitor-events';

let storage: Storage;
beforeEach(async () => {
  storage = await openSqliteStorage(':memory:');
  const { db } = storage;
  await db.insertInto('projects').values({ id: 'demo', name: 'Demo', settings: '{}', created_at: 0, updated_at: 0 }).execute();
  await db
    .insertInto('visitors')
    .values({
      id: 'v1',
      project_id: 'demo',
      kind: 'anonymous',
      user_id: null,
      name: null,
      email: null,
      phone: null,
      custom_params: '{}',
      ip: null,
      referrer: null,
      search: '',
      first_seen_at: 0,
      last_seen_at: 0,
    })
    .execute();
});
afterEach(async () => {
  await storage.close();
});

describe('visitor events storage', () => {
  it(`keeps the newest ${MAX_EVENTS_PER_VISITOR} events of a visitor`, async () => {
    const { db } = storage;
    for (let i = 0; i < MAX_EVENTS_PER_VISITOR + 3; i++) {
      await recordVisitorEvent(db, 'v1', { clientId: `client-${String(i).padStart(4, '0')}`, name: `e${i}` }, 1_000 + i);
    }
    const all = await visitorEventsBetween(db, 'v1', 0, Number.MAX_SAFE_INTEGER, 10_000);
    expect(all).toHaveLength(MAX_EVENTS_PER_VISITOR);
    expect(all[0]!.name).toBe('e3');
    expect(all.at(-1)!.name).toBe(`e${MAX_EVENTS_PER_VISITOR + 2}`);
  });

  it('places an event `ago` ms before it arrived, at most a week', async () => {
    const { db } = storage;
    const now = 10 * 86_400_000;
    const a = await recordVisitorEvent(db, 'v1', { clientId: 'client-a1', name: 'a', ago: 5_000 }, now);
    const b = await recordVisitorEvent(db, 'v1', { clientId: 'client-b1', name: 'b', ago: 30 * 86_400_000 }, now);
    expect(a.event.at).toBe(now - 5_000);
    expect(b.event.at).toBe(now - 7 * 86_400_000);
    expect((await visitorEventsBetween(db, 'v1', now - 6_000, now, 10)).map((e) => e.name)).toEqual(['a']);
  });
});
