/**
 * Behind a reverse proxy that rewrites Host (as nginx with proxy_pass to 127.0.0.1 does) and sets
 * X-Forwarded-Host/-Proto/-For. A tiny proxy on loopback plays nginx: TLS is pretended by
 * X-Forwarded-Proto: https, the client by X-Forwarded-For.
 */
import { request, createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, freePort, startServer, type RunningServer } from './harness';

const PUBLIC_HOST = 'chat.example.test';
const ORIGIN = `https://${PUBLIC_HOST}`;
const CLIENT_IP = '203.0.113.7';

let srv: RunningServer;
let proxy: Server;
let proxyPort: number;

function forwarded(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return {
    ...headers,
    host: `127.0.0.1:${srv.port}`,
    'x-forwarded-host': headers.host,
    'x-forwarded-proto': 'https',
    'x-forwarded-for': CLIENT_IP,
  };
}

beforeAll(async () => {
  srv = await startServer();
  proxyPort = await freePort();
  proxy = createServer((req, res) => {
    const up = request({ host: '127.0.0.1', port: srv.port, method: req.method, path: req.url, headers: forwarded(req.headers) }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  // WebSocket upgrades: the same header rewrite, then bytes both ways (nginx: proxy_set_header Upgrade/Connection).
  proxy.on('upgrade', (req, socket, head) => {
    const up = connect(srv.port, '127.0.0.1', () => {
      const h = forwarded(req.headers);
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(h).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)];
      up.write(`${lines.join('\r\n')}\r\n\r\n`);
      up.write(head);
      socket.pipe(up).pipe(socket);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((res) => proxy.listen(proxyPort, '127.0.0.1', () => res()));
});
afterAll(async () => {
  await new Promise<void>((res) => proxy?.close(() => res()));
  await srv?.stop();
});

/** A browser on https://chat.example.test, reaching the proxy (Host is the public name). */
function viaProxy(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: IncomingHttpHeaders }> {
  return new Promise((res, rej) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: proxyPort,
        method,
        path,
        headers: { host: PUBLIC_HOST, origin: ORIGIN, 'content-type': 'application/json', ...headers },
      },
      (r) => {
        let text = '';
        r.on('data', (d: Buffer) => {
          text += d.toString();
        });
        r.on('end', () => res({ status: r.statusCode ?? 0, body: text ? JSON.parse(text) : null, headers: r.headers }));
      },
    );
    req.on('error', rej);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const login = () => viaProxy('POST', '/api/v1/operator/auth/login', { email: srv.ownerEmail, password: srv.ownerPassword });

describe('behind a reverse proxy that rewrites Host', () => {
  it('without PARLEY_TRUST_PROXY the console login is refused (the Origin does not match the rewritten Host) and forwarded headers are ignored', async () => {
    const r = await login();
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    // A client cannot claim another address by sending X-Forwarded-For itself.
    const cid = clientId();
    await fetch(`${srv.url}/api/v1/widget/projects/demo/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.1' },
      body: JSON.stringify({ clientId: cid, phone: '+15550101' }),
    });
    await srv.restart({ PARLEY_TRUST_PROXY: '1' });
    const direct = await fetch(`${srv.url}/api/v1/operator/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: srv.ownerEmail, password: srv.ownerPassword }),
    });
    const cookie = direct.headers.getSetCookie()[0]!.split(';')[0]!;
    const leads = await fetch(`${srv.url}/api/v1/operator/leads`, { headers: { cookie } }).then((x) => x.json());
    expect(leads.leads.find((l: { phone: string }) => l.phone === '+15550101').ip).toBe('127.0.0.1');
  });

  it('with PARLEY_TRUST_PROXY: login works, cookies are Secure, the client IP is the forwarded one, and the console socket connects', async () => {
    const r = await login();
    expect(r.status).toBe(200);
    const setCookie = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('parley_session='))!;
    expect(setCookie).toMatch(/; Secure/);
    const cookie = setCookie.split(';')[0]!;

    const tpl = await viaProxy('POST', '/api/v1/operator/templates', { title: 'Via proxy', text: 'x' }, { cookie });
    expect(tpl.status).toBe(201);
    const foreign = await viaProxy('POST', '/api/v1/operator/templates', { title: 'Forged', text: 'x' }, { cookie, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);

    await viaProxy('POST', '/api/v1/widget/projects/demo/callback', { clientId: clientId(), phone: '+15550102' });
    const leads = await viaProxy('GET', '/api/v1/operator/leads', undefined, { cookie });
    expect(leads.body.leads.find((l: { phone: string }) => l.phone === '+15550102').ip).toBe(CLIENT_IP);

    const ws = new WebSocket(`ws://127.0.0.1:${proxyPort}/api/v1/operator/ws`, { headers: { host: PUBLIC_HOST, origin: ORIGIN, cookie } });
    const welcome = await new Promise<{ type: string }>((res, rej) => {
      ws.once('message', (d) => res(JSON.parse((d as Buffer).toString())));
      ws.once('unexpected-response', (_q, resp) => rej(new Error(`upgrade refused: ${resp.statusCode}`)));
      ws.once('error', rej);
    });
    expect(welcome.type).toBe('session.welcome');
    ws.close();
  });

  it('absolute URLs (the reset link in an email) use the forwarded scheme and host', async () => {
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _s, done) {
        let body = '';
        stream.on('data', (d: Buffer) => {
          body += d.toString();
        });
        stream.on('end', () => {
          mails.push(body);
          done();
        });
      },
    });
    const port = await freePort();
    await new Promise<void>((res) => smtp.listen(port, '127.0.0.1', () => res()));
    try {
      await srv.restart({ PARLEY_TRUST_PROXY: '1', PARLEY_SMTP_URL: `smtp://127.0.0.1:${port}` });
      const r = await viaProxy('POST', '/api/v1/operator/auth/reset-request', { email: srv.ownerEmail });
      expect(r.status).toBe(202);
      await expect.poll(() => mails.length, { timeout: 10_000 }).toBe(1);
      expect(mails[0]!.replace(/=\r?\n/g, '')).toMatch(new RegExp(`https://${PUBLIC_HOST.replace(/\./g, '\\.')}/console/#/reset/[A-Za-z0-9_-]{20,}`));
    } finally {
      await new Promise<void>((res) => smtp.close(() => res()));
    }
  });
});
