import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import proxyAddr from '@fastify/proxy-addr';
import { WebSocketServer } from 'ws';
import { errorText, isRetryable, matchLocale } from '@parley/protocol';
import type { Ctx } from '../context';
import { VisitorConnection, type VisitorRegistry } from './visitor-connection';
import { topics, type WidgetsTopicMsg } from './topics';

/**
 * The visitor WebSocket, upgraded by `ws` directly rather than through Fastify's router: a
 * visitor socket is held for as long as the page is open (tens of thousands per node), and a
 * routed upgrade keeps its request, reply and hooks alive with it. This keeps what `ws` needs and
 * a compact VisitorConnection. The same per-IP connect limit as the router's applies.
 */
export class VisitorSockets implements VisitorRegistry {
  private readonly wss: WebSocketServer;
  readonly connections = new Set<VisitorConnection>();
  /** Sockets past hello, per project: one bus subscription per project for presence and config pushes. */
  private readonly projects = new Map<string, { conns: Set<VisitorConnection>; unsubscribe: () => void }>();
  private readonly trust: (addr: string, i: number) => boolean;

  constructor(private readonly ctx: Ctx, opts: { maxPayload: number; trustProxy: boolean }) {
    this.wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: opts.maxPayload });
    // Fastify's rule for the client address (the same module): behind a trusted proxy, the
    // furthest address in X-Forwarded-For; otherwise the peer.
    this.trust = opts.trustProxy ? () => true : () => false;
  }

  private ip(req: IncomingMessage): string | null {
    const all = proxyAddr.all(req, this.trust);
    return all[all.length - 1] ?? null;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ip = this.ip(req);
    const bucket = this.ctx.limits.connectPerIp;
    if (ip !== null && !bucket.take(ip)) {
      const locale = matchLocale(req.headers['accept-language'], 'en');
      const body = JSON.stringify({ error: { code: 'rate_limited', message: errorText('rate_limited', locale), retryable: isRetryable('rate_limited') } });
      const retry = Math.max(1, Math.ceil(bucket.retryAfterMs(ip) / 1000));
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${retry}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const acceptLanguage = req.headers['accept-language'];
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new VisitorConnection(this.ctx, ws, ip, Array.isArray(acceptLanguage) ? acceptLanguage[0] : acceptLanguage, this);
      this.connections.add(conn);
    });
  }

  joined(conn: VisitorConnection, projectId: string): void {
    let p = this.projects.get(projectId);
    if (!p) {
      const conns = new Set<VisitorConnection>();
      const unsubscribe = this.ctx.bus.subscribe(topics.widgets(projectId), (m) => {
        for (const c of conns) c.onWidgets(m as WidgetsTopicMsg);
      });
      p = { conns, unsubscribe };
      this.projects.set(projectId, p);
    }
    p.conns.add(conn);
  }

  left(conn: VisitorConnection, projectId: string | null): void {
    this.connections.delete(conn);
    if (projectId === null) return;
    const p = this.projects.get(projectId);
    if (!p) return;
    p.conns.delete(conn);
    if (p.conns.size === 0) {
      p.unsubscribe();
      this.projects.delete(projectId);
    }
  }

  /** Closes every visitor socket (server shutdown). */
  close(): void {
    for (const c of [...this.connections]) c.close(1001);
    this.connections.clear();
  }
}
