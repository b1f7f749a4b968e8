/**
 * Several nodes started at the same instant on one new, empty PostgreSQL database (issue 12):
 * the migrations run once (an advisory lock around them) and the demo seeding is idempotent, so
 * every node comes up and the data is there once (one owner, one demo project, its templates).
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loginOperator, startServer, type RunningServer, sharedFilesDir } from './harness';
import { testDatabase } from './pg-cluster';
import { pgMigrations } from '../src/storage/postgres/open';

/** Uploads and avatars: one directory for every node (PARLEY_FILES_DIR). */
const files = sharedFilesDir();

let db: { url: string; drop(): Promise<void> } | undefined;
const nodes: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  await db?.drop();
  files.remove();
});

async function count(sql: string): Promise<number> {
  const c = new pg.Client({ connectionString: db!.url });
  await c.connect();
  try {
    return Number((await c.query(sql)).rows[0].n);
  } finally {
    await c.end();
  }
}

describe('nodes starting together', () => {
  it('two nodes started at once on an empty database both come up; migrations and the demo seed happen once', async () => {
    db = await testDatabase({ empty: true });
    const env = { DATABASE_URL: db.url, PARLEY_FILES_DIR: files.dir };
    const started = await Promise.allSettled([startServer({ env }), startServer({ env })]);
    for (const s of started) if (s.status === 'fulfilled') nodes.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason).slice(0, 2000) : 'up'))).toEqual(['up', 'up']);
    for (const n of nodes) {
      const owner = await loginOperator(n.url, n.ownerEmail, n.ownerPassword);
      expect((await owner.get('/api/v1/operator/project')).status).toBe(200);
    }
    expect(await count("SELECT count(*) AS n FROM operators WHERE email = 'owner@parley.local'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM projects WHERE id = 'demo'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM templates WHERE project_id = 'demo'")).toBe(6);
    // Every migration applied, each once.
    expect(await count('SELECT count(*) AS n FROM kysely_migration')).toBe(Object.keys(await pgMigrations.getMigrations()).length);
  });
});
