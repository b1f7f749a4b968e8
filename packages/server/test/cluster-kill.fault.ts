/**
 * Node loss under load (issue 12), `npm run test:faults` only (about a minute on 2 cores): two
 * nodes on one PostgreSQL database and one Redis; 10 visitors on node A send a burst of 1000
 * messages, A is killed (SIGKILL) mid-burst, every visitor reconnects to node B with its token,
 * resumes from the last seq it saw and resends what was not acked (same client ids). Exactly 1000
 * are stored, each once, in each dialog in the order sent.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loginOperator, openVisitorSocket, parseFrame, startServer, type Frame, type FrameSocket, type RunningServer, sharedFilesDir } from './harness';
import { testDatabase } from './pg-cluster';
import { startRedis, type TestRedis } from './redis-server';

/** Uploads and avatars: one directory for every node (PARLEY_FILES_DIR). */
const files = sharedFilesDir();

let db: { url: string; drop(): Promise<void> } | undefined;
let redis: TestRedis | undefined;
let a: RunningServer | undefined;
let b: RunningServer | undefined;
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.destroy();
  await db?.drop();
  files.remove();
});

async function until(cond: () => boolean, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('node loss', () => {
  it('kill -9 of node A during a burst of 1000 messages from 10 visitors: on node B, 1000 stored, each once, in order', async () => {
    db = await testDatabase();
    redis = await startRedis();
    const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, PARLEY_FILES_DIR: files.dir };
    a = await startServer({ env });
    b = await startServer({ env });
    const VISITORS = 10;
    const PER = 100;
    const run = Math.random().toString(36).slice(2, 8);
    const idsOf = (v: number) => Array.from({ length: PER }, (_, i) => `kill-${run}-${v}-${String(i).padStart(3, '0')}`);
    const text = (v: number, i: number) => `visitor ${v} message ${i + 1}`;

    const acks = new Map<string, Frame>();
    const onAck = (s: FrameSocket) =>
      s.ws.on('message', (d) => {
        const f = parseFrame(d);
        if (f.type === 'message.ack') acks.set(f.clientId, f);
      });
    const first = await Promise.all(Array.from({ length: VISITORS }, () => openVisitorSocket(a!.url)));
    const welcomes = await Promise.all(first.map((v) => v.welcome));
    first.forEach(onAck);
    // Each visitor sends 60 of its 100 before the kill, the rest to node B afterwards.
    first.forEach((s, v) =>
      idsOf(v)
        .slice(0, 60)
        .forEach((id, i) => s.send({ type: 'message.send', clientId: id, text: text(v, i) })),
    );
    await until(() => acks.size >= 200);
    await a.kill('SIGKILL');
    for (const s of first) s.ws.terminate();
    const ackedBeforeKill = acks.size;
    expect(ackedBeforeKill).toBeLessThan(VISITORS * 60);

    const second = await Promise.all(
      first.map(async (s, v) => {
        const mine = idsOf(v).filter((id) => acks.has(id));
        const dialogId = mine.length > 0 ? (acks.get(mine[0]!)!.dialogId as string) : undefined;
        const seqs = s.frames.filter((f) => f.dialogId === dialogId && typeof f.seq === 'number').map((f) => f.seq as number);
        const resume = dialogId && seqs.length > 0 ? { dialogId, seq: Math.max(...seqs) } : undefined;
        const r = await openVisitorSocket(b!.url, { token: welcomes[v]!.token, ...(resume ? { resume } : {}) });
        await r.welcome;
        onAck(r);
        return r;
      }),
    );
    second.forEach((r, v) => idsOf(v).forEach((id, i) => acks.has(id) || r.send({ type: 'message.send', clientId: id, text: text(v, i) })));
    await until(() => acks.size === VISITORS * PER);
    await Promise.all(second.map((r) => r.close()));
    console.log(`kill -9 test: ${VISITORS * PER} sent by ${VISITORS} visitors, ${ackedBeforeKill} acked by A before SIGKILL, the rest by B`);

    const owner = await loginOperator(b.url, b.ownerEmail, b.ownerPassword);
    let total = 0;
    for (let v = 0; v < VISITORS; v++) {
      const ids = idsOf(v);
      const dialogId = acks.get(ids[0]!)!.dialogId as string;
      const messages: Frame[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await owner.get(`/api/v1/operator/dialogs/${dialogId}/timeline${before ? `?before=${before}` : ''}`);
        expect(page.status).toBe(200);
        messages.unshift(...page.body.messages);
        if (!page.body.hasMore) break;
        before = page.body.messages[0].seq;
      }
      // Each once, in the order sent, seqs gap-free; every ack names the stored message.
      expect(messages.map((m) => m.clientId)).toEqual(ids);
      expect(messages.map((m) => m.text)).toEqual(ids.map((_, i) => text(v, i)));
      expect(messages.map((m) => m.seq)).toEqual(ids.map((_, i) => i + 2));
      for (const m of messages) expect(acks.get(m.clientId)).toMatchObject({ messageId: m.id, seq: m.seq, dialogId });
      total += messages.length;
    }
    expect(total).toBe(VISITORS * PER);
  }, 300_000);
});
