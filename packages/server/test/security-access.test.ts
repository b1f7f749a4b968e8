/**
 * Issue 9: attacks on access and on the server's own resources, each performed and asserted to fail.
 */
import { connect } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, createOperator, loginOperator, openVisitorSocket, startServer, uploadAsVisitor, type OperatorClient, type RunningServer } from './harness';
import { png } from './fixtures';

const HELLO_DEADLINE_MS = 600;
const PENDING_PER_IP = 5;

let srv: RunningServer;
let owner: OperatorClient;
beforeAll(async () => {
  srv = await startServer({
    env: { PARLEY_LOG_LEVEL: 'warn', PARLEY_HELLO_DEADLINE_MS: String(HELLO_DEADLINE_MS), PARLEY_HELLO_PENDING_PER_IP: String(PENDING_PER_IP) },
  });
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
});
afterAll(async () => {
  await srv?.stop();
});

function rawSocket(): Promise<{ ws: WebSocket; frames: { type: string; code?: string; fatal?: boolean }[]; closed: Promise<number> }> {
  const ws = new WebSocket(`${srv.url.replace(/^http/, 'ws')}/api/v1/widget/ws`);
  const frames: { type: string; code?: string }[] = [];
  ws.on('message', (d) => frames.push(JSON.parse((d as Buffer).toString())));
  const closed = new Promise<number>((res) => ws.on('close', (c) => res(c)));
  return new Promise((res, rej) => {
    ws.once('open', () => res({ ws, frames, closed }));
    ws.once('unexpected-response', (_q, r) => rej(new Error(`upgrade refused: ${r.statusCode}`)));
    ws.once('error', rej);
  });
}

describe('files follow dialog visibility', () => {
  it("a plain operator cannot download a colleague's attachment, and the dialog and file answer 404 like missing ones", async () => {
    const a = await createOperator(owner, { email: `fa-${clientId()}@example.com` });
    const b = await createOperator(owner, { email: `fb-${clientId()}@example.com` });
    const v = await openVisitorSocket(srv.url);
    const token = (await v.welcome).token as string;
    const up = await uploadAsVisitor(srv.url, token, png(10, 10), { type: 'image/png', name: 'passport.png' });
    const fileId = up.body.upload.id as string;
    const id = clientId();
    v.send({ type: 'message.send', clientId: id, text: 'my passport', attachments: [fileId] });
    const ack = await v.waitFor((f) => f.type === 'message.ack' && f.clientId === id);
    const file = (c: OperatorClient) => fetch(`${srv.url}/api/v1/files/${fileId}`, { headers: { cookie: c.cookie } });
    // Unassigned: every operator may see the dialog, so its files too.
    expect((await file(b.client)).status).toBe(200);
    expect((await a.client.post(`/api/v1/operator/dialogs/${ack.dialogId}/take`)).status).toBe(200);
    // Taken by A: B gets exactly what a missing dialog and a missing file give.
    const missingDialog = await b.client.get('/api/v1/operator/dialogs/AAAAAAAAAAAAAAAAAAAAAA');
    const hidden = await b.client.get(`/api/v1/operator/dialogs/${ack.dialogId}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missingDialog.body);
    expect((await b.client.get(`/api/v1/operator/dialogs/${ack.dialogId}/timeline`)).status).toBe(404);
    const hiddenFile = await file(b.client);
    const missingFile = await fetch(`${srv.url}/api/v1/files/AAAAAAAAAAAAAAAAAAAAAA`, { headers: { cookie: b.client.cookie } });
    expect(hiddenFile.status).toBe(404);
    expect(await hiddenFile.text()).toBe(await missingFile.text());
    // A (the assignee) and the owner (admin) still download it.
    expect((await file(a.client)).status).toBe(200);
    expect((await file(owner)).status).toBe(200);
    await v.close();
  });
});

describe('operator responses', () => {
  it('are never cached: Cache-Control no-store on every operator response, the secret-bearing one included', async () => {
    for (const path of ['/api/v1/operator/project', '/api/v1/operator/me', '/api/v1/operator/dialogs?view=new', '/api/v1/operator/nope']) {
      const r = await owner.get(path);
      expect(r.headers.get('cache-control'), path).toBe('no-store');
    }
    const anon = await fetch(`${srv.url}/api/v1/operator/project`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('cache-control')).toBe('no-store');
  });
});

describe('a 10 MB frame', () => {
  it('closes that socket and writes one warn line without a stack, never an error-level trace', async () => {
    const before = srv.logs().length;
    for (let i = 0; i < 3; i++) {
      const s = await rawSocket();
      s.ws.send('x'.repeat(10 * 1024 * 1024));
      await s.closed;
    }
    // The server's log is written asynchronously; wait for the three lines.
    const lines = async () =>
      srv
        .logs()
        .slice(before)
        .split('\n')
        .filter((l) => l.startsWith('{'));
    for (let i = 0; i < 50 && (await lines()).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    const logged = (await lines()).map((l) => JSON.parse(l) as { level: number; err?: unknown; msg: string });
    expect(logged).toHaveLength(3);
    for (const l of logged) {
      expect(l.level).toBe(40); // warn
      expect(l.err).toBeUndefined();
      expect(JSON.stringify(l)).not.toContain('stack');
      expect(l.msg).toContain('Max payload size exceeded');
    }
  });
});

describe('a 10 MB frame after the server closed the socket', () => {
  it('is still logged at warn (the server closed at the hello deadline and waits for the close reply)', async () => {
    const before = srv.logs().length;
    const { port, hostname } = new URL(srv.url);
    const sock = connect(Number(port), hostname);
    let got = Buffer.alloc(0);
    const seen = (pred: (b: Buffer) => boolean) =>
      new Promise<void>((res) => {
        const check = () => (pred(got) ? res() : sock.once('data', (d: Buffer) => ((got = Buffer.concat([got, d])), check())));
        check();
      });
    sock.write(
      `GET /api/v1/widget/ws HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await seen((b) => b.includes('\r\n\r\n'));
    // No hello: at the deadline the server sends its error frame and a close frame (opcode 8).
    await seen((b) => b.includes(Buffer.from([0x88])));
    // Before replying to the close, the client starts a frame claiming 10 MB (masked, 64-bit length).
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(10 * 1024 * 1024), 2);
    sock.write(header);
    const lines = () =>
      srv
        .logs()
        .slice(before)
        .split('\n')
        .filter((l) => l.includes('Max payload size exceeded'));
    for (let i = 0; i < 100 && lines().length < 1; i++) await new Promise((r) => setTimeout(r, 50));
    sock.destroy();
    expect(lines()).toHaveLength(1);
    expect(JSON.parse(lines()[0] as string)).toMatchObject({ level: 40 });
  });
});

describe('sockets that never say hello', () => {
  it('are closed at the hello deadline with hello_required', async () => {
    const s = await rawSocket();
    const t0 = Date.now();
    const code = await s.closed;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(HELLO_DEADLINE_MS - 50);
    expect(code).toBe(1008);
    expect(s.frames).toEqual([expect.objectContaining({ type: 'session.error', code: 'hello_required', fatal: true })]);
  });

  /** One socket past the cap: told rate_limited and closed at once (1013, try again later). */
  async function refused(): Promise<void> {
    const s = await rawSocket();
    expect(await s.closed).toBe(1013);
    expect(s.frames).toEqual([expect.objectContaining({ type: 'session.error', code: 'rate_limited', fatal: true })]);
  }

  it('are capped per IP: past the cap a socket is closed at once; a hello frees a place', async () => {
    const held = await Promise.all(Array.from({ length: PENDING_PER_IP }, () => rawSocket()));
    await refused();
    // One of them says hello: it no longer counts, so one more socket may wait.
    held[0]?.ws.send(JSON.stringify({ type: 'session.hello', v: 1, project: 'demo', device: { type: 'desktop' } }));
    await new Promise<void>((res) => held[0]?.ws.once('message', () => res()));
    const extra = await rawSocket();
    await refused();
    // Authenticated sockets stay open past the deadline; the silent ones do not.
    const codes = await Promise.all([...held.slice(1), extra].map((s) => s.closed));
    expect(codes.every((c) => c === 1008)).toBe(true);
    expect(held[0]?.ws.readyState).toBe(WebSocket.OPEN);
    held[0]?.ws.close();
    // All places are free again.
    const again = await Promise.all(Array.from({ length: PENDING_PER_IP }, () => rawSocket()));
    for (const s of again) s.ws.close();
  });
});
