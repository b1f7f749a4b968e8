import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAXED_LIMITS, clientId, openVisitorSocket, startServer, uploadAsVisitor, type Frame, type RunningServer } from './harness';
import { png } from './fixtures';

let srv: RunningServer;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  srv = await startServer({
    env: {
      PARLEY_RATE_LIMITS: JSON.stringify({
        ...RELAXED_LIMITS,
        messagesPerVisitor: { capacity: 3, perSecond: 2 },
        // One upload back every 5 s: four in a row on a loaded machine (PostgreSQL) can take seconds.
        uploadsPerVisitor: { capacity: 2, perSecond: 0.2 },
        httpPerIp: { capacity: 8, perSecond: 4 },
        connectPerIp: { capacity: 3, perSecond: 2 },
      }),
    },
  });
});
afterAll(async () => {
  await srv?.stop();
});

/** Retries `fn` until it returns a value; the limits refill within seconds. */
async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await fn();
    if (r !== undefined) return r;
    if (Date.now() > end) throw new Error('did not recover');
    await sleep(250);
  }
}

describe('rate limits', () => {
  it('messages per visitor: refused ones are not stored and go through later with the same clientId', async () => {
    const v = await openVisitorSocket(srv.url);
    const w = await v.welcome;
    const ids = Array.from({ length: 6 }, () => clientId());
    ids.forEach((id, i) => v.send({ type: 'message.send', clientId: id, text: `burst ${i}` }));
    const answers = await Promise.all(ids.map((id) => v.waitFor((f) => f.clientId === id && (f.type === 'message.ack' || f.type === 'session.error'))));
    const refused = answers.filter((a) => a.type === 'session.error');
    expect(answers.filter((a) => a.type === 'message.ack')).toHaveLength(3);
    expect(refused).toHaveLength(3);
    for (const e of refused)
      expect(e).toMatchObject({ code: 'rate_limited', retryable: true, message: 'Too many requests. Please wait a moment and try again.' });

    for (const e of refused) {
      await eventually(async () => {
        v.send({ type: 'message.send', clientId: e.clientId, text: 'resent' });
        const a: Frame = await v.waitFor((f) => f.clientId === e.clientId && (f.type === 'message.ack' || f.type === 'session.error'));
        return a.type === 'message.ack' ? a : undefined;
      });
    }
    await v.close();
    const again = await eventually(async () => {
      try {
        return await openVisitorSocket(srv.url, { token: w.token });
      } catch {
        return undefined;
      }
    });
    // dialog.opened + exactly six messages.
    expect((await again.welcome).cursor).toBe(7);
    await again.close();
  });

  it('uploads per visitor', async () => {
    const v = await eventually(async () => openVisitorSocket(srv.url).catch(() => undefined));
    const token = (await v.welcome).token as string;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await uploadAsVisitor(srv.url, token, png(4, 4), { type: 'image/png', name: 'a.png' })).status);
    expect(statuses.slice(0, 2)).toEqual([201, 201]);
    expect(statuses).toContain(429);
    await eventually(async () => ((await uploadAsVisitor(srv.url, token, png(4, 4), { type: 'image/png', name: 'a.png' })).status === 201 ? true : undefined));
    await v.close();
  });

  it('HTTP per IP: 429 ApiError with Retry-After, then recovery', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => fetch(`${srv.url}/api/v1/widget/projects/demo/config`)));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    const r = limited[0]!;
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(await r.json()).toEqual({ error: { code: 'rate_limited', message: 'Too many requests. Please wait a moment and try again.' } });
    await eventually(async () => ((await fetch(`${srv.url}/api/v1/widget/projects/demo/config`)).status === 200 ? true : undefined));
  });

  it('socket connects per IP', async () => {
    const attempt = () =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/api/v1/widget/ws`);
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => resolve(0));
      });
    const codes = await Promise.all(Array.from({ length: 8 }, attempt));
    expect(codes).toContain(429);
    await eventually(async () => ((await attempt()) === 101 ? true : undefined));
  });
});
