/**
 * Two nodes on one PostgreSQL database send each mail of the outbox once (issue 12): the email
 * outbox claims its rows like the webhook and messenger outboxes (storage/cluster/claims.ts), and
 * a claim left by a node that died is taken over once its lease has run out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freePort, startServer, type RunningServer, sharedFilesDir } from './harness';
import { testDatabase } from './pg-cluster';
import { startRedis, type TestRedis } from './redis-server';
import { Capture } from './smtp-capture';
import { until as untilIn } from './webhook-receiver';

/** Uploads and avatars: one directory for every node (PARLEY_FILES_DIR). */
const files = sharedFilesDir();

const until = <T>(fn: () => Promise<T | undefined | false>) => untilIn(fn, 20_000);

let db: { url: string; drop(): Promise<void> };
let redis: TestRedis;
let capture: Capture;
let a: RunningServer;
let b: RunningServer;

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Puts a mail in the outbox, due now, as a node's enqueueMail does. */
async function enqueue(subject: string, claim?: { by: string; until: number }): Promise<void> {
  const mail = JSON.stringify({ to: 'visitor@example.test', subject, text: `Body of ${subject}` });
  await sql(
    `INSERT INTO email_outbox (id, project_id, dialog_id, kind, to_addr, mail, attempts, next_at, created_at, claimed_by, claimed_until)
     VALUES ($1, NULL, NULL, 'reply', 'visitor@example.test', $2, 0, $3, $3, $4, $5)`,
    [`m-${subject.replace(/\W/g, '-')}`, mail, Date.now(), claim?.by ?? null, claim?.until ?? null],
  );
}

const sentCount = (subject: string) => capture.mails.filter((m) => m.mail.subject === subject).length;

beforeAll(async () => {
  db = await testDatabase();
  redis = await startRedis();
  capture = new Capture(await freePort());
  await capture.start();
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    PARLEY_FILES_DIR: files.dir,
    PARLEY_SMTP_URL: `smtp://127.0.0.1:${capture.port}`,
    PARLEY_MAIL_FROM: 'Parley <chat@example.test>',
    PARLEY_MAIL_TICK_MS: '50',
    PARLEY_MAIL_RETRY_MS: '50',
    PARLEY_LEASE_MS: '3000',
  };
  a = await startServer({ env });
  b = await startServer({ env });
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await capture?.stop();
  await redis?.destroy();
  await db?.drop();
  files.remove();
});

describe('the email outbox on two nodes', () => {
  it('sends each mail once, retried by both nodes after the mail server refused every first try', async () => {
    capture.refuseWith = 451;
    const subjects = Array.from({ length: 30 }, (_, i) => `Outbox mail ${i + 1}`);
    for (const s of subjects) await enqueue(s);
    // Both nodes tick every 50 ms over the same rows; the mail server says "later" until every mail was tried.
    await until(async () => (await sql<{ n: string }>('SELECT count(*) AS n FROM email_outbox WHERE attempts = 0'))[0]?.n === '0');
    capture.refuseWith = null;
    await until(async () => subjects.every((s) => sentCount(s) >= 1));
    // Two more ticks of both nodes: nothing goes out twice.
    await new Promise((r) => setTimeout(r, 300));
    for (const s of subjects) expect(sentCount(s), s).toBe(1);
    const rows = await sql<{ sent_at: string | null; claimed_by: string | null; next_at: string | null }>(
      "SELECT sent_at, claimed_by, next_at FROM email_outbox WHERE mail LIKE '%Outbox mail%'",
    );
    expect(rows).toHaveLength(30);
    for (const r of rows) expect(r).toMatchObject({ claimed_by: null, next_at: null });
    expect(rows.every((r) => r.sent_at !== null)).toBe(true);
    expect(capture.refused).toBeGreaterThanOrEqual(30);
  });

  it("takes over a dead node's claim once its lease ran out, and sends that mail once", async () => {
    const claimedUntil = Date.now() + 1500;
    await enqueue('Claimed by a node that died', { by: 'dead-node', until: claimedUntil });
    await until(async () => sentCount('Claimed by a node that died') >= 1);
    expect(Date.now()).toBeGreaterThanOrEqual(claimedUntil);
    await new Promise((r) => setTimeout(r, 300));
    expect(sentCount('Claimed by a node that died')).toBe(1);
    const [row] = await sql<{ attempts: number; claimed_by: string | null }>(
      "SELECT attempts, claimed_by FROM email_outbox WHERE id = 'm-Claimed-by-a-node-that-died'",
    );
    expect(row).toEqual({ attempts: 1, claimed_by: null });
  });
});
