/**
 * Redis outage (issue 12), `npm run test:faults` only: two nodes on one PostgreSQL database and
 * one Redis. A signed-in visitor has a socket on node A and a second one on node B; an operator
 * console is open on B. Redis is killed; while it is down the visitor keeps sending on A and the
 * operator keeps replying on B; Redis comes back on the same port. Then: every acked message is
 * stored exactly once, and every socket (reconnecting and resuming as the widget and console do)
 * ends with the same transcript as the database.
 *
 * Redis stays down for 30 s, as the issue asks: the nodes' reconnect backoff (bus-redis.ts, capped at
 * 2 s) runs at its cap for most of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loginOperator,
  openOperatorSocket,
  openVisitorSocket,
  projectKeys,
  sign,
  startServer,
  type Frame,
  type FrameSocket,
  type OperatorClient,
  type RunningServer,
  sharedFilesDir,
} from './harness';
import { testDatabase } from './pg-cluster';
import { startRedis, type TestRedis } from './redis-server';

/** Uploads and avatars: one directory for every node (PARLEY_FILES_DIR). */
const files = sharedFilesDir();

const OUTAGE_MS = 30_000;

let db: { url: string; drop(): Promise<void> } | undefined;
let redis: TestRedis | undefined;
let a: RunningServer | undefined;
let b: RunningServer | undefined;
const sockets: FrameSocket[] = [];
afterAll(async () => {
  stopping = true;
  for (const s of sockets) s.ws.terminate();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.destroy();
  await db?.drop();
  files.remove();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
    await sleep(20);
  }
}

type Line = { id: string; text: string };
/** A transcript as a client holds it: seq → message, the latest word for each seq wins. */
type Transcript = Map<number, Line>;
const ordered = (t: Transcript) => [...t.entries()].sort(([x], [y]) => x - y).map(([seq, l]) => ({ seq, ...l }));

/**
 * A visitor socket as the widget keeps it: messages from acks, message.new and history frames;
 * when the socket drops it reconnects with its token and resumes from the last seq it holds.
 */
class VisitorClient {
  transcript: Transcript = new Map();
  acks = new Map<string, Frame>();
  errors: Frame[] = [];
  socket!: FrameSocket;
  token = '';
  dialogId = '';
  reconnects = 0;
  private texts = new Map<string, string>();
  constructor(
    private readonly url: string,
    private readonly hello: Record<string, unknown>,
  ) {}

  async open(): Promise<void> {
    const resume = this.dialogId && this.transcript.size > 0 ? { resume: { dialogId: this.dialogId, seq: Math.max(...this.transcript.keys()) } } : {};
    const s = await openVisitorSocket(this.url, { ...this.hello, ...(this.token ? { token: this.token } : {}), ...resume });
    sockets.push(s);
    this.socket = s;
    s.ws.on('message', () => this.take(s.frames[s.frames.length - 1]!));
    s.frames.forEach((f) => this.take(f));
    const w = await s.welcome;
    this.token = w.token as string;
    if (w.dialog?.id) this.dialogId = w.dialog.id as string;
    s.ws.once('close', () => {
      if (stopping) return;
      this.reconnects++;
      void this.open();
    });
  }

  private take(f: Frame): void {
    if (f.type === 'message.ack') {
      this.acks.set(f.clientId as string, f);
      this.dialogId = f.dialogId as string;
      this.transcript.set(f.seq as number, { id: f.messageId as string, text: this.texts.get(f.clientId as string)! });
    } else if (f.type === 'session.error') this.errors.push(f);
    else if (f.type === 'message.new') this.transcript.set(f.seq as number, { id: f.message.id as string, text: f.message.text as string });
    else if (f.type === 'history.batch')
      for (const m of f.messages as Frame[]) this.transcript.set(m.seq as number, { id: m.id as string, text: m.text as string });
  }

  send(clientId: string, text: string): void {
    this.texts.set(clientId, text);
    if (this.socket.ws.readyState === this.socket.ws.OPEN) this.socket.send({ type: 'message.send', clientId, text });
  }
}

/** The full timeline of a dialog through the operator API. */
async function timeline(op: OperatorClient, dialogId: string): Promise<Frame[]> {
  const out: Frame[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await op.get(`/api/v1/operator/dialogs/${dialogId}/timeline${before ? `?before=${before}` : ''}`);
    expect(page.status).toBe(200);
    out.unshift(...(page.body.messages as Frame[]));
    if (!page.body.hasMore) return out;
    before = page.body.messages[0].seq as number;
  }
}

let stopping = false;
let owner: OperatorClient;
let visitorA: VisitorClient;
let visitorB: VisitorClient;
const consoleTranscript: Transcript = new Map();
let consoleReconnects = 0;
const sentIds: string[] = [];
const textOf = new Map<string, string>();
const operatorSent = new Map<string, number>();

/**
 * The console on B as the console app keeps it: live dialog.event frames; on a close (1012 after a
 * resync) it reconnects and reads the dialog's timeline again.
 */
async function openConsole(dialogId: () => string): Promise<void> {
  const s = await openOperatorSocket(b!.url, owner);
  sockets.push(s);
  s.ws.on('message', () => {
    const f = s.frames[s.frames.length - 1]!;
    if (f.type === 'dialog.event' && f.dialogId === dialogId() && f.event.type === 'message.new')
      consoleTranscript.set(f.event.seq as number, { id: f.event.message.id as string, text: f.event.message.text as string });
  });
  await s.next('session.welcome');
  s.ws.once('close', () => {
    if (stopping) return;
    consoleReconnects++;
    void (async () => {
      await openConsole(dialogId);
      for (const m of await timeline(owner, dialogId())) consoleTranscript.set(m.seq as number, { id: m.id as string, text: m.text as string });
    })();
  });
}

beforeAll(async () => {
  db = await testDatabase();
  redis = await startRedis();
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, PARLEY_FILES_DIR: files.dir };
  a = await startServer({ env });
  b = await startServer({ env });
  owner = await loginOperator(b.url, b.ownerEmail, b.ownerPassword);
  const keys = await projectKeys(owner);
  const user = `redis-down-${Math.random().toString(36).slice(2, 8)}`;
  const identity = { id: user, signature: sign(keys, user), name: 'Outage Visitor' };
  visitorA = new VisitorClient(a.url, { identity });
  await visitorA.open();
  const run = Math.random().toString(36).slice(2, 8);
  const send = (phase: string, i: number) => {
    const id = `rd-${run}-${phase}-${String(i).padStart(3, '0')}`;
    const text = `visitor ${phase} ${i}`;
    sentIds.push(id);
    textOf.set(id, text);
    visitorA.send(id, text);
  };
  for (let i = 0; i < 5; i++) send('before', i);
  await until(() => visitorA.acks.size === 5, 'first acks');
  const dialogId = visitorA.dialogId;
  visitorB = new VisitorClient(b.url, { identity });
  await visitorB.open();
  await openConsole(() => dialogId);
  expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/take`, {})).status).toBe(200);
  await until(() => visitorB.transcript.size >= 5, 'visitor B sees the dialog');

  await redis.stop();
  const reply = async (i: number) => {
    const clientId = `op-${run}-${String(i).padStart(3, '0')}`;
    const r = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId, text: `operator ${i}` });
    operatorSent.set(clientId, r.status);
  };
  const outageEnd = Date.now() + OUTAGE_MS;
  for (let i = 0; Date.now() < outageEnd; i++) {
    send('during', i);
    if (i % 4 === 0) await reply(i / 4);
    await sleep(250);
  }
  await redis.start();
  for (let i = 0; i < 5; i++) send('after', i);
  // As the widget does: what was not acked is sent again with the same client id.
  await sleep(2_000);
  for (const id of sentIds) if (!visitorA.acks.has(id)) visitorA.send(id, textOf.get(id)!);
  for (const [clientId, status] of operatorSent) if (status !== 201) await reply(Number(clientId.slice(-3)));
  await until(() => sentIds.every((id) => visitorA.acks.has(id)), 'every visitor message acked after Redis is back');
  // Let the sockets settle: resyncs, reconnects and resumes.
  await sleep(3_000);
}, 120_000);

describe('Redis stopped, then back', () => {
  it('every acked message is stored exactly once', async () => {
    const stored = await timeline(owner, visitorA.dialogId);
    const visitorStored = stored.filter((m) => (m.clientId as string | undefined)?.startsWith('rd-'));
    expect(visitorStored.map((m) => m.clientId)).toEqual(sentIds);
    for (const m of visitorStored) expect(visitorA.acks.get(m.clientId as string)).toMatchObject({ messageId: m.id, seq: m.seq });
    const replies = stored.filter((m) => (m.clientId as string | undefined)?.startsWith('op-'));
    expect(replies.map((m) => m.clientId).sort()).toEqual([...operatorSent.keys()].sort());
    // Seqs only rise (not gap-free here: the take is an event with a seq, not a message).
    expect(stored.map((m) => m.seq)).toEqual([...stored.map((m) => m.seq as number)].sort((x, y) => x - y));
    expect(new Set(stored.map((m) => m.id)).size).toBe(stored.length);
    console.log(
      `redis outage ${OUTAGE_MS} ms: ${sentIds.length} visitor messages, ${operatorSent.size} operator replies ` +
        `(${[...operatorSent.values()].filter((s) => s !== 201).length} refused during the outage), ` +
        `reconnects: visitor A ${visitorA.reconnects}, visitor B ${visitorB.reconnects}, console ${consoleReconnects}`,
    );
  });

  it('every socket converges to the stored transcript', async () => {
    const stored = (await timeline(owner, visitorA.dialogId)).map((m) => ({ seq: m.seq as number, id: m.id as string, text: m.text as string }));
    const firstSeq = stored[0]!.seq;
    const from = (t: Transcript) => ordered(t).filter((m) => m.seq >= firstSeq);
    expect(from(visitorA.transcript)).toEqual(stored);
    expect(from(visitorB.transcript)).toEqual(stored);
    // The console opened after the first messages: it must hold everything from then on.
    const consoleFrom = Math.min(...consoleTranscript.keys());
    expect(from(consoleTranscript)).toEqual(stored.filter((m) => m.seq >= consoleFrom));
  });
});
