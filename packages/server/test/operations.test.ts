/** /healthz, /readyz, /metrics and the graceful shutdown on SIGTERM. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientId,
  loginOperator,
  openOperatorSocket,
  openVisitorSocket,
  parseFrame,
  sendMessage,
  startServer,
  type Frame,
  type RunningServer,
} from './harness';

const TOKEN = 'metrics-token-for-tests';
let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ env: { PARLEY_METRICS_TOKEN: TOKEN, PARLEY_DRAIN_MS: '1500' } });
});
afterAll(async () => {
  await srv?.stop();
});

const metrics = (auth?: string) => fetch(`${srv.url}/metrics`, { headers: auth ? { authorization: auth } : {} });

/** The value of one sample line, e.g. `parley_messages_accepted_total{author="visitor"}`. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : Number.NaN;
}

describe('health and readiness', () => {
  it('/healthz says the process is alive; /readyz that the database answers and is migrated', async () => {
    const h = await fetch(`${srv.url}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok' });
    const r = await fetch(`${srv.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', checks: { database: 'ok', migrations: 'ok' } });
  });
});

describe('metrics', () => {
  it('are behind the token, in Prometheus format, and move with the traffic', async () => {
    expect((await metrics()).status).toBe(401);
    expect((await metrics('Bearer wrong')).status).toBe(401);
    const before = await (await metrics(`Bearer ${TOKEN}`)).text();

    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const ack = await sendMessage(v, 'counted');
    const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    const ops = await openOperatorSocket(srv.url, owner);
    await ops.next('session.welcome');
    await owner.get(`/api/v1/operator/dialogs/${ack.dialogId}`);
    await owner.post(`/api/v1/operator/dialogs/${ack.dialogId}/messages`, { clientId: clientId(), text: 'counted too' });

    const res = await metrics(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(sample(text, 'parley_visitor_sockets')).toBe(1);
    expect(sample(text, 'parley_operator_sockets')).toBe(1);
    const accepted = (t: string, author: string) => sample(t, `parley_messages_accepted_total{author="${author}"}`) || 0;
    expect(accepted(text, 'visitor') - accepted(before, 'visitor')).toBe(1);
    expect(accepted(text, 'operator') - accepted(before, 'operator')).toBe(1);
    expect(sample(text, 'parley_ack_latency_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'parley_db_query_duration_seconds_count')).toBeGreaterThan(0);
    // Latency by route pattern: ids never become label values.
    expect(text).toMatch(/parley_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/operator\/dialogs\/:dialogId",status_code="200"\} 1/);
    expect(text).not.toContain(ack.dialogId);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    await Promise.all([v.close(), ops.close()]);
  });
});

describe('graceful shutdown (SIGTERM)', () => {
  it('answers /readyz 503 while draining, finishes and acks what arrived, closes sockets with 1012, exits 0', async () => {
    const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    const ops = await openOperatorSocket(srv.url, owner);
    await ops.next('session.welcome');
    const v = await openVisitorSocket(srv.url);
    const token = (await v.welcome).token as string;
    const ids = Array.from({ length: 200 }, (_, i) => clientId(`s${i}-`));
    const acked = new Map<string, Frame>();
    v.ws.on('message', (d) => {
      const f = parseFrame(d);
      if (f.type === 'message.ack') acked.set(f.clientId as string, f);
    });
    for (const [i, id] of ids.entries()) v.send({ type: 'message.send', clientId: id, text: `m${i}` });
    await v.next('message.ack');

    const exiting = srv.kill('SIGTERM');
    await expect
      .poll(
        async () =>
          await fetch(`${srv.url}/readyz`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 5000, interval: 50 },
      )
      .toBe(503);
    const draining = await fetch(`${srv.url}/readyz`).then(
      (r) => r.json(),
      () => null,
    );
    if (draining) expect(draining.status).toBe('draining');
    expect(await v.closed).toBe(1012);
    expect(await ops.closed).toBe(1012);
    await exiting;
    expect(srv.lastExit()).toEqual({ code: 0, signal: null });
    expect(srv.logs()).toContain('SIGTERM: shutting down');

    // Everything acked is stored; the client resends the rest after reconnecting, exactly once each.
    await srv.restart();
    const again = await openVisitorSocket(srv.url, { token });
    const w = await again.welcome;
    const dialogId = w.dialog.id as string;
    for (const ack of acked.values()) expect(ack.dialogId).toBe(dialogId);
    for (const [i, id] of ids.entries()) if (!acked.has(id)) again.send({ type: 'message.send', clientId: id, text: `m${i}` });
    const missing = ids.filter((id) => !acked.has(id));
    for (const id of missing) await again.waitFor((f) => f.type === 'message.ack' && f.clientId === id, 20_000);
    const owner2 = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    const texts: string[] = [];
    let before: number | undefined;
    for (;;) {
      const tl = (await owner2.get(`/api/v1/operator/dialogs/${dialogId}/timeline${before ? `?before=${before}` : ''}`)).body;
      texts.unshift(...tl.messages.map((m: { text: string }) => m.text));
      if (!tl.hasMore) break;
      before = tl.messages[0].seq;
    }
    expect(texts).toEqual(ids.map((_, i) => `m${i}`));
    await again.close();
  });
});
