/**
 * Issue 9, finding 3: "anyone can fill the disk". Each attack performed and asserted to fail:
 * many anonymous visitors from one IP, a project-wide flood, a full quota, uploads never sent,
 * and bodies whose kind cannot be decided from their first bytes.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RELAXED_LIMITS,
  clientId,
  createOperator,
  loginOperator,
  openVisitorSocket,
  startServer,
  streamUpload,
  uploadAsVisitor,
  type OperatorClient,
  type RunningServer,
} from './harness';
import { png } from './fixtures';

const KB = 1024;
const MB = 1024 * KB;

async function visitorToken(url: string): Promise<string> {
  const v = await openVisitorSocket(url);
  const t = (await v.welcome).token as string;
  await v.close();
  return t;
}

/** Plain text bytes (a .txt upload is kept only if it is clean UTF-8). */
const text = (n: number) => Buffer.alloc(n, 'a');

async function upload(url: string, token: string, bytes: Buffer, ip: string) {
  const r = await fetch(`${url}/api/v1/widget/uploads`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'text/plain',
      'x-parley-file-name': 'notes.txt',
      'x-forwarded-for': ip,
    },
    body: bytes as unknown as BodyInit,
  });
  return { status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as { error?: { code: string } } };
}

describe('byte rates: per IP and per project', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer({
      env: {
        PARLEY_TRUST_PROXY: '1',
        PARLEY_RATE_LIMITS: JSON.stringify({
          ...RELAXED_LIMITS,
          // No refill within the test: what a burst can store is exactly the capacity.
          uploadBytesPerIp: { capacity: 3 * MB, perSecond: 1 },
          uploadBytesPerProject: { capacity: 5 * MB, perSecond: 1 },
        }),
      },
    });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('16 fresh anonymous visitors from one IP store at most the per-IP budget; the rest get 429 with Retry-After', async () => {
    const tokens = await Promise.all(Array.from({ length: 16 }, () => visitorToken(srv.url)));
    const results = [];
    for (const t of tokens) results.push(await upload(srv.url, t, text(512 * KB), '203.0.113.7'));
    const stored = results.filter((r) => r.status === 201).length * 512 * KB;
    expect(stored).toBeLessThanOrEqual(3 * MB);
    expect(stored).toBe(3 * MB);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(10);
    for (const r of refused) {
      expect(r.body.error?.code).toBe('rate_limited');
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    // Another IP still has its own budget…
    expect((await upload(srv.url, tokens[0] as string, text(512 * KB), '198.51.100.9')).status).toBe(201);
    // …until the project's budget (5 MB) is spent, whoever uploads.
    const more = [];
    for (let i = 0; i < 6; i++) more.push(await upload(srv.url, tokens[0] as string, text(512 * KB), `198.51.100.${20 + i}`));
    expect(more.map((r) => r.status)).toEqual([201, 201, 201, 429, 429, 429]);
  });
});

describe('the project quota and the usage figure', () => {
  let srv: RunningServer;
  let owner: OperatorClient;
  beforeAll(async () => {
    srv = await startServer({ env: { PARLEY_PROJECT_QUOTA_MB: '1' } });
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('refuses uploads past the quota with storage_full (507); admins see bytes, files and the quota; operators do not', async () => {
    const token = await visitorToken(srv.url);
    expect((await uploadAsVisitor(srv.url, token, text(600 * KB), { type: 'text/plain', name: 'a.txt' })).status).toBe(201);
    const full = await uploadAsVisitor(srv.url, token, text(600 * KB), { type: 'text/plain', name: 'b.txt', locale: 'ru' });
    expect(full.status).toBe(507);
    expect(full.body.error).toEqual({
      code: 'storage_full',
      message: 'Сейчас в этот чат нельзя отправить файлы: хранилище заполнено. Ваше сообщение не доставлено',
    });
    const usage = await owner.get('/api/v1/operator/project/storage');
    expect(usage.status).toBe(200);
    expect(usage.body.storage).toEqual({ bytes: 600 * KB, files: 1, pendingBytes: 600 * KB, quotaBytes: MB, unattachedTtlMs: 30 * 60_000 });
    const op = await createOperator(owner, { email: `q-${clientId()}@example.com` });
    expect((await op.client.get('/api/v1/operator/project/storage')).status).toBe(403);
  });
});

describe('uploads never sent', () => {
  it('are deleted (row and bytes) after the TTL, not after the retention year; sent ones stay', async () => {
    const srv = await startServer();
    try {
      const v = await openVisitorSocket(srv.url);
      const token = (await v.welcome).token as string;
      const kept = await uploadAsVisitor(srv.url, token, png(4, 4), { type: 'image/png', name: 'sent.png' });
      const dropped = await uploadAsVisitor(srv.url, token, png(5, 5), { type: 'image/png', name: 'never-sent.png' });
      const id = clientId();
      v.send({ type: 'message.send', clientId: id, text: 'with a file', attachments: [kept.body.upload.id] });
      await v.waitFor((f) => f.type === 'message.ack' && f.clientId === id);
      await v.close();
      const files = () => readdirSync(join(srv.dataDir, 'files'));
      expect(files().sort()).toEqual([kept.body.upload.id, dropped.body.upload.id].sort());
      // 31 minutes later the start-up purge (and the one every minute) removes what was never sent.
      await srv.restart({ PARLEY_CLOCK_OFFSET_MS: String(31 * 60_000), PARLEY_LOG_LEVEL: 'info' });
      expect(files()).toEqual([kept.body.upload.id]);
      const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
      expect((await owner.get('/api/v1/operator/project/storage')).body.storage).toMatchObject({ files: 1, pendingBytes: 0 });
      // The purge is logged with its counts.
      const line = srv
        .logs()
        .split('\n')
        .find((l) => l.includes('"purge":"unattached-uploads"'));
      expect(line && JSON.parse(line)).toMatchObject({ level: 30, files: 1, bytes: png(5, 5).length });
    } finally {
      await srv.stop();
    }
  });

  it("an idle visitor's uploads go with the visitor when the idle purge removes them", async () => {
    const DAY = 86_400_000;
    // A TTL longer than the idle period, so only the idle-visitor purge can remove the file.
    const srv = await startServer({ env: { PARLEY_UPLOAD_TTL_MINUTES: String(60 * 24 * 60) } });
    try {
      const token = await visitorToken(srv.url);
      const up = await uploadAsVisitor(srv.url, token, png(6, 6), { type: 'image/png', name: 'idle.png' });
      expect(existsSync(join(srv.dataDir, 'files', up.body.upload.id))).toBe(true);
      await srv.restart({ PARLEY_CLOCK_OFFSET_MS: String(31 * DAY), PARLEY_UPLOAD_TTL_MINUTES: String(60 * 24 * 60), PARLEY_LOG_LEVEL: 'info' });
      expect(existsSync(join(srv.dataDir, 'files', up.body.upload.id))).toBe(false);
      const line = srv
        .logs()
        .split('\n')
        .find((l) => l.includes('"purge":"retention"'));
      expect(line && JSON.parse(line)).toMatchObject({ files: 1, visitors: 1 });
    } finally {
      await srv.stop();
    }
  });
});

describe('bodies whose kind cannot be decided from their first bytes', () => {
  let srv: RunningServer;
  let token: string;
  beforeAll(async () => {
    srv = await startServer();
    token = await visitorToken(srv.url);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  const stream = (head: Buffer, total: number, type: string, name: string) => streamUpload(srv.url, token, { head, total, type, name });

  it('an extension-less generic upload of 100 MB of noise is refused after its first bytes, not after 132 MB', async () => {
    const before = readdirSync(join(srv.dataDir, 'files')).length;
    const r = await stream(Buffer.alloc(64 * KB, 0x00), 100 * MB, 'application/octet-stream', 'blob');
    // What the client could push before the server cut it: the head plus socket buffers.
    expect(r.sent).toBeLessThan(16 * MB);
    expect(r.status === null || r.status === 415).toBe(true);
    expect(readdirSync(join(srv.dataDir, 'files')).length).toBe(before);
    expect(readdirSync(join(srv.dataDir, 'tmp'))).toEqual([]);
  });

  it('a PNG header followed by 100 MB is held to the image limit (5 MB), not the largest one (100 MB)', async () => {
    const r = await stream(png(2, 2), 100 * MB, 'application/octet-stream', 'blob');
    expect(r.sent).toBeLessThan(5 * MB + 16 * MB);
    expect(readdirSync(join(srv.dataDir, 'tmp'))).toEqual([]);
  });

  it('a small undecidable upload still gets its 415 with the text', async () => {
    const r = await uploadAsVisitor(srv.url, token, Buffer.alloc(200 * KB, 0x00), { type: 'application/octet-stream', name: 'blob' });
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('unsupported_file_type');
  });
});
