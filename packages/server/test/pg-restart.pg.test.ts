/**
 * PostgreSQL restarted under a running node: while it is down, requests fail with a clear
 * retryable error (503, Retry-After) and nothing is acked; after it is back the same requests
 * succeed, and what is stored is whole (no duplicate, no gap in the dialog's seqs).
 * Its own cluster: restarting the run's shared one would disturb the other files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { clientId, loginOperator, openVisitorSocket, sendMessage, startServer, type RunningServer, type VisitorSocket } from './harness';
import { createTemplate, createTestDatabase, startPgCluster, type PgCluster } from './pg-cluster';

let cluster: PgCluster;
let db: { url: string };
let srv: RunningServer;
let v: VisitorSocket | undefined;

beforeAll(async () => {
  cluster = await startPgCluster();
  await createTemplate(cluster.base);
  db = await createTestDatabase(cluster.base);
  srv = await startServer({ env: { DATABASE_URL: db.url } });
});
afterAll(async () => {
  await v?.close();
  await srv?.stop();
  cluster?.destroy();
});

describe('PostgreSQL restarted', () => {
  it('answers 503 with Retry-After while it is down, acks nothing, and works again after, with nothing corrupt', async () => {
    const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    v = await openVisitorSocket(srv.url);
    await v.welcome;
    const first = await sendMessage(v, 'before the restart');
    const dialogId = first.dialogId as string;

    cluster.stop();
    const id = clientId('op');
    const down = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: id, text: 'while down' });
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('internal');
    expect((await fetch(`${srv.url}/readyz`)).status).toBe(503);
    const lost = await sendMessage(v, 'visitor while down');
    expect(lost.type).toBe('session.error');

    cluster.start();
    // The pool replaces its broken connections: the same request (same clientId) now succeeds once.
    let again = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: id, text: 'while down' });
    for (let i = 0; again.status === 503 && i < 20; i++) {
      await new Promise((r) => setTimeout(r, 250));
      again = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: id, text: 'while down' });
    }
    expect(again.status).toBe(201);
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: id, text: 'while down' })).body.message.id).toBe(
      again.body.message.id,
    );
    expect((await fetch(`${srv.url}/readyz`)).status).toBe(200);

    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const rows = (await c.query<{ text: string }>('SELECT text FROM messages WHERE dialog_id = $1 ORDER BY seq', [dialogId])).rows.map((r) => r.text);
      expect(rows).toEqual(['before the restart', 'while down']);
      const seqs = (await c.query<{ seq: string }>('SELECT seq FROM events WHERE dialog_id = $1 ORDER BY seq', [dialogId])).rows.map((r) => Number(r.seq));
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    } finally {
      await c.end();
    }
  });
});
