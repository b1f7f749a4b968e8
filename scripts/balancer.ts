/**
 * A small local load balancer for `npm run dev:cluster`: HTTP requests and WebSocket upgrades go
 * to the nodes in turn; a node that refuses the connection is skipped (the next one takes it),
 * so killing a node shows clients reconnecting to the other. No sticky sessions: Parley needs none.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

export function startBalancer(port: number, backends: Backend[], host = '127.0.0.1'): Promise<() => Promise<void>> {
  let next = 0;
  const order = () => {
    const start = next++ % backends.length;
    return backends.map((_, i) => backends[(start + i) % backends.length] as Backend);
  };
  const forwarded = (req: IncomingMessage) => ({
    ...req.headers,
    'x-forwarded-for': req.socket.remoteAddress ?? '',
    'x-forwarded-proto': 'http',
    'x-forwarded-host': req.headers.host ?? '',
  });

  const server = createServer((req, res) => {
    const tries = order();
    const attempt = (i: number) => {
      const b = tries[i];
      if (!b) {
        res.writeHead(502).end('no node is up');
        return;
      }
      const up = request({ host: b.host, port: b.port, method: req.method, path: req.url, headers: forwarded(req) }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      // Only a refused connection moves on (the request body has not been read yet then).
      up.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' && !res.headersSent ? attempt(i + 1) : res.destroy()));
      req.pipe(up);
    };
    attempt(0);
  });

  server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const tries = order();
    const attempt = (i: number) => {
      const b = tries[i];
      if (!b) {
        client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
        return;
      }
      const up = connect(b.port, b.host, () => {
        const headers = Object.entries(forwarded(req)).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v ?? ''}`]));
        up.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
        up.write(head);
        up.pipe(client).pipe(up);
      });
      up.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' ? attempt(i + 1) : client.destroy()));
      client.on('error', () => up.destroy());
      up.on('close', () => client.destroy());
      client.on('close', () => up.destroy());
    };
    attempt(0);
  });

  return new Promise((resolve) => server.listen(port, host, () => resolve(() => new Promise<void>((r) => server.close(() => r())))));
}
