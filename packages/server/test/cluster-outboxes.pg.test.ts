/**
 * Two nodes on one PostgreSQL database (and one Redis): each durable outbox row goes out once,
 * not once per node (claims, storage/cluster/claims.ts), with stand-ins on loopback counting hits:
 * webhook deliveries and messenger sends, made on both nodes and retried by both after their
 * platform was down; rate limits are one budget for both nodes (Redis); and Telegram long polling runs on one node at a time, taken over when that
 * node is killed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RELAXED_LIMITS,
  DEMO_PROJECT,
  clientId,
  loginOperator,
  openVisitorSocket,
  sendMessage,
  startServer,
  type FrameSocket,
  type OperatorClient,
  type RunningServer,
  sharedFilesDir,
} from './harness';
import { testDatabase } from './pg-cluster';
import { startRedis, type TestRedis } from './redis-server';
import { startReceiver, until as untilIn, type Receiver } from './webhook-receiver';

const until = <T>(fn: () => Promise<T | undefined | false>) => untilIn(fn, 20_000);
import { TelegramStandIn } from './channel-standins';

/** Uploads and avatars: one directory for every node (PARLEY_FILES_DIR). */
const files = sharedFilesDir();

let db: { url: string; drop(): Promise<void> };
let redis: TestRedis;
let rx: Receiver;
let tg: TelegramStandIn;
let a: RunningServer;
let b: RunningServer;
let ownerA: OperatorClient;
let ownerB: OperatorClient;
let endpointId: string;
const sockets: FrameSocket[] = [];
const SECRET = 'tg-webhook-secret-0123456789';

beforeAll(async () => {
  db = await testDatabase();
  redis = await startRedis();
  rx = await startReceiver();
  tg = await new TelegramStandIn().start();
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    PARLEY_FILES_DIR: files.dir,
    PARLEY_WEBHOOK_ALLOW: '127.0.0.1',
    PARLEY_WEBHOOK_RETRY_MS: '50',
    PARLEY_WEBHOOK_RETRY_CAP_MS: '100',
    PARLEY_TELEGRAM_API_URL: tg.url,
    PARLEY_CHANNEL_RETRY_MS: '20',
    PARLEY_CHANNEL_RETRY_CAP_MS: '100',
    PARLEY_LEASE_MS: '3000',
    // One budget of logins per IP for both nodes (10, hardly refilled), through Redis.
    PARLEY_RATE_LIMITS: JSON.stringify({ ...RELAXED_LIMITS, loginPerIp: { capacity: 10, perSecond: 0.0001 } }),
    // The line saying which node polls Telegram is at info.
    PARLEY_LOG_LEVEL: 'info',
  };
  a = await startServer({ env });
  ownerA = await loginOperator(a.url, a.ownerEmail, a.ownerPassword);
  const r = await ownerA.post('/api/v1/operator/webhooks', { url: rx.url, events: ['message.created'] });
  expect(r.status).toBe(201);
  endpointId = r.body.endpoint.id;
  const t = await ownerA.put('/api/v1/operator/channels/telegram', {
    enabled: true,
    token: tg.token,
    webhookSecret: SECRET,
    mode: 'webhook',
    defaultLocale: 'ru',
    verifyPhone: false,
    phoneLookupUrl: null,
  });
  expect(t.status).toBe(200);
  // B starts with the endpoint and the channel in the database.
  b = await startServer({ env });
  ownerB = await loginOperator(b.url, b.ownerEmail, b.ownerPassword);
}, 120_000);

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([rx?.close(), tg?.stop(), redis?.destroy()]);
  await db?.drop();
  files.remove();
});

async function deliveries(): Promise<{ id: string; status: string; attempts: number }[]> {
  return (await ownerA.get(`/api/v1/operator/webhooks/${endpointId}/deliveries?limit=200`)).body.deliveries;
}

async function sql(text: string, params: unknown[]): Promise<unknown[]> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** A private text message update as Telegram sends it. */
function textUpdate(updateId: number, chat: number, text: string) {
  const from = { id: chat, is_bot: false, first_name: 'Ivan' };
  return {
    update_id: updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: 'Ivan' }, from, text },
  };
}

function hitsPerDelivery(): Map<string, number> {
  const n = new Map<string, number>();
  for (const r of rx.received) {
    const id = r.headers['parley-delivery-id'] as string;
    n.set(id, (n.get(id) ?? 0) + 1);
  }
  return n;
}

describe('two nodes, one outbox', () => {
  it('sends each webhook delivery once, made on either node and retried by both', async () => {
    rx.status = 500;
    const vs = await Promise.all(Array.from({ length: 6 }, (_, i) => openVisitorSocket((i % 2 ? a : b).url)));
    sockets.push(...vs);
    await Promise.all(vs.map((v) => v.welcome));
    await Promise.all(
      vs.map(async (v, i) => {
        for (let k = 0; k < 5; k++) expect((await sendMessage(v, `m${i}-${k}`)).type).toBe('message.ack');
      }),
    );
    // Every delivery failed at least once (the receiver answered 500), so both nodes hold retries.
    await until(async () => {
      const l = await deliveries();
      return l.length === 30 && l.every((d) => d.attempts >= 1);
    });
    rx.status = 200;
    await until(async () => (await deliveries()).every((d) => d.status === 'delivered'));
    // A second send would be in flight by now: give it a moment to land before counting.
    await new Promise((r) => setTimeout(r, 500));
    const hits = hitsPerDelivery();
    expect(hits.size).toBe(30);
    expect([...hits.values()].filter((n) => n !== 1)).toEqual([]);
  });

  it('a delivery claimed by a node that died goes out once its lease has passed', async () => {
    rx.status = 500;
    const v = await openVisitorSocket(a.url);
    sockets.push(v);
    await v.welcome;
    await sendMessage(v, 'claimed by a dead node');
    const d = await until(async () => (await deliveries()).find((x) => x.status === 'pending' && x.attempts >= 1));
    // The dead node's claim, taken only between two of the live nodes' tries (never over their claim).
    const until_ = Date.now() + 1500;
    await until(async () => {
      const r = await sql(
        "UPDATE webhook_deliveries SET claimed_by = 'dead-node', claimed_until = $1 WHERE id = $2 AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= $3) RETURNING id",
        [until_, d.id, Date.now()],
      );
      return r.length === 1;
    });
    rx.status = 200;
    await until(async () => (await deliveries()).find((x) => x.id === d.id && x.status === 'delivered'));
    expect(Date.now()).toBeGreaterThanOrEqual(until_);
    expect(hitsPerDelivery().get(d.id)).toBe(1);
  });

  it('sends each messenger reply once and in order per chat, written on either node and retried by both', async () => {
    const chats = [7001, 7002, 7003, 7004];
    let updateId = 1;
    for (const chat of chats) {
      const r = await fetch(`${a.url}/api/v1/channels/${DEMO_PROJECT}/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(textUpdate(updateId++, chat, `hello ${chat}`)),
      });
      expect(r.status).toBe(200);
    }
    const dialogOf = new Map<number, string>();
    await until(async () => {
      const list = (await ownerA.get('/api/v1/operator/dialogs?view=all&channel=telegram&limit=100')).body.dialogs;
      for (const d of list) {
        const tl = (await ownerA.get(`/api/v1/operator/dialogs/${d.id}/timeline`)).body;
        const m = tl.messages.find((x: any) => /^hello \d+$/.test(x.text));
        if (m) dialogOf.set(Number(m.text.slice(6)), d.id);
      }
      return dialogOf.size === chats.length;
    });
    tg.down = true;
    const texts = (chat: number) => [1, 2, 3].map((k) => `reply ${k} to ${chat}`);
    for (const chat of chats) {
      for (const [k, text] of texts(chat).entries()) {
        const owner = k % 2 ? ownerB : ownerA;
        expect((await owner.post(`/api/v1/operator/dialogs/${dialogOf.get(chat)}/messages`, { clientId: clientId('op'), text })).status).toBe(201);
      }
    }
    await tg.waitFor((c) => c.filter((x) => x.method === 'down').length >= 8);
    tg.down = false;
    const sent = (chat: number) => tg.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chat)).map((c) => c.body.text);
    await tg.waitFor(() => chats.every((c) => sent(c).length >= 3));
    await new Promise((r) => setTimeout(r, 500));
    for (const chat of chats) expect(sent(chat)).toEqual(texts(chat));
  });

  it('rate limits hold across the nodes: a client alternating between them has one budget', async () => {
    // beforeAll logged in once on each node: 8 of the 10 are left, for both nodes together.
    const codes: number[] = [];
    for (let i = 0; i < 16; i++) {
      const r = await fetch(`${(i % 2 ? b : a).url}/api/v1/operator/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'wrong password' }),
      });
      await r.arrayBuffer();
      codes.push(r.status);
    }
    expect(codes.filter((c) => c !== 429)).toHaveLength(8);
    expect(codes.slice(8)).toEqual(Array(8).fill(429));
  });

  it('Telegram long polling runs on one node; when that node is killed the other takes over, and each update is stored once', async () => {
    const settings = { enabled: true, token: tg.token, webhookSecret: SECRET, mode: 'polling', defaultLocale: 'ru', verifyPhone: false, phoneLookupUrl: null };
    expect((await ownerA.put('/api/v1/operator/channels/telegram', settings)).status).toBe(200);
    const chat = 7101;
    let updateId = 100;
    const push = (text: string) => tg.push(textUpdate(updateId++, chat, text));
    const texts = async (owner: OperatorClient) => {
      const list = (await owner.get('/api/v1/operator/dialogs?view=all&channel=telegram&limit=100')).body.dialogs;
      const all: string[] = [];
      for (const d of list)
        for (const m of (await owner.get(`/api/v1/operator/dialogs/${d.id}/timeline`)).body.messages) if (/^poll \d$/.test(m.text)) all.push(m.text);
      return all;
    };
    push('poll 1');
    await until(async () => (await texts(ownerA)).includes('poll 1'));
    // The node holding the lease now (a settings reload may have handed it over once already).
    const [lease] = (await sql("SELECT holder FROM node_leases WHERE name = 'telegram-poll:' || $1", [DEMO_PROJECT])) as { holder: string }[];
    const polls = (n: RunningServer) => n.logs().includes(`"node":"${lease!.holder}"`);
    expect([a, b].filter(polls)).toHaveLength(1);
    const [holder, other, otherOwner] = polls(a) ? [a, b, ownerB] : [b, a, ownerA];
    const callsBefore = tg.of('getUpdates').length;
    await holder.kill('SIGKILL');
    push('poll 2');
    await until(async () => (await texts(otherOwner)).includes('poll 2'));
    expect(other.logs()).toMatch(/telegram long polling: this node polls/);
    expect(tg.of('getUpdates').length).toBeGreaterThan(callsBefore);
    // Never two getUpdates at once (Telegram would answer 409), and each update stored once.
    expect(tg.conflicts).toBe(0);
    expect((await texts(otherOwner)).sort()).toEqual(['poll 1', 'poll 2']);
  });
});
