import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { errorText, matchLocale } from '@parley/protocol';
import type { WebSocket } from 'ws';
import type { Ctx } from '../context';
import { clientIp, trustFunction } from '../http/trust-proxy';
import { VisitorConnection, VisitorWebSocket, type VisitorRegistry } from './visitor-connection';
import { topics } from './topics';

/**
 * The visitor WebSocket, upgraded by `ws` directly rather than through Fastify's router: a
 * visitor socket is held for as long as the page is open (tens of thousands per node), and a
 * routed upgrade keeps its request, reply and hooks alive with it. This keeps what `ws` needs and
 * a compact VisitorConnection. The same per-IP connect limit as the router's applies.
 */
const REASONS: Record<number, string> = { 429: 'Too Many Requests', 503: 'Service Unavailable' };

/** An HTTP answer on a socket that will not be upgraded (an ApiError body, like the router's). */
function refuse(socket: Duplex, status: number, code: 'rate_limited' | 'internal', locale: ReturnType<typeof matchLocale>, retryAfter: number): void {
  const body = JSON.stringify({ error: { code, message: errorText(code, locale) } });
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nRetry-After: ${retryAfter}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n${body}`,
  );
}

interface ProjectSockets {
  /** Sockets past hello in this project. */
  count: number;
  /** By visitor row (a socket may be under two: an anonymous visitor that became a new one). */
  byVisitor: Map<string, VisitorConnection | Set<VisitorConnection>>;
  unsubscribe: () => void;
}

export class VisitorSockets implements VisitorRegistry {
  private readonly wss: WebSocketServer;
  readonly connections = new Set<VisitorConnection>();
  /** Two bus subscriptions per project and node, however many sockets. */
  private readonly projects = new Map<string, ProjectSockets>();
  private readonly trust: (addr: string, i: number) => boolean;

  constructor(
    private readonly ctx: Ctx,
    opts: { maxPayload: number; trustProxy: boolean | number | string },
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: opts.maxPayload,
      WebSocket: VisitorWebSocket,
    });
    this.trust = trustFunction(opts.trustProxy);
  }

  /** An upgrade of the visitor socket path, before any router: the same refusals as the router's hooks. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ip = clientIp(req, this.trust);
    const locale = matchLocale(req.headers['accept-language'], 'en');
    if (this.ctx.lifecycle.draining) return refuse(socket, 503, 'internal', locale, 1);
    if (ip === null) return this.accept(req, socket, head, ip);
    // The per-IP bucket may be in Redis (REDIS_URL): the upgrade goes on once it answered.
    this.ctx.limits.connectPerIp.take(ip).then(
      (t) => {
        if (socket.destroyed) return;
        if (!t.ok) return refuse(socket, 429, 'rate_limited', locale, Math.max(1, Math.ceil(t.retryAfterMs / 1000)));
        this.accept(req, socket, head, ip);
      },
      () => socket.destroy(),
    );
  }

  private accept(req: IncomingMessage, socket: Duplex, head: Buffer, ip: string | null): void {
    const acceptLanguage = req.headers['accept-language'];
    const userAgent = req.headers['user-agent'];
    this.wss.handleUpgrade(req, socket, head, (ws) => this.adopt(ws, ip, acceptLanguage, userAgent));
  }

  adopt(ws: WebSocket, ip: string | null, acceptLanguage: string | undefined, userAgent: string | undefined): void {
    this.connections.add(new VisitorConnection(this.ctx, ws, ip, acceptLanguage, userAgent, this));
  }

  /** Shutdown: every socket finishes what it received, then closes with 1012. */
  async drain(): Promise<void> {
    await Promise.all([...this.connections].map((c) => c.drain()));
  }

  private project(projectId: string): ProjectSockets {
    let p = this.projects.get(projectId);
    if (!p) {
      const byVisitor = new Map<string, VisitorConnection | Set<VisitorConnection>>();
      // Presence and config changes are rare: a pass over the node's sockets is cheaper than a set per project.
      const offWidgets = this.ctx.bus.subscribe(topics.widgets(projectId), (m) => {
        for (const c of [...this.connections]) if (c.projectId === projectId) c.onWidgets(m);
      });
      const offVisitors = this.ctx.bus.subscribe(topics.visitors(projectId), (m) => {
        const to = byVisitor.get(m.visitorId);
        if (to instanceof Set) for (const c of [...to]) c.onVisitor(m);
        else to?.onVisitor(m);
      });
      p = {
        count: 0,
        byVisitor,
        unsubscribe: () => {
          offWidgets();
          offVisitors();
        },
      };
      this.projects.set(projectId, p);
    }
    return p;
  }

  joined(conn: VisitorConnection, projectId: string, visitorId: string): void {
    const p = this.project(projectId);
    const ids = conn.registeredAs;
    if (ids === null) p.count++;
    const cur = p.byVisitor.get(visitorId);
    if (!cur) p.byVisitor.set(visitorId, conn);
    else if (cur instanceof Set) cur.add(conn);
    else if (cur !== conn) p.byVisitor.set(visitorId, new Set([cur, conn]));
    conn.registeredAs = ids === null ? visitorId : [...(Array.isArray(ids) ? ids : [ids]), visitorId];
  }

  left(conn: VisitorConnection): void {
    this.connections.delete(conn);
    const ids = conn.registeredAs;
    if (ids === null) return;
    conn.registeredAs = null;
    const p = this.projects.get(conn.projectId);
    if (!p) return;
    p.count--;
    for (const id of Array.isArray(ids) ? ids : [ids]) {
      const cur = p.byVisitor.get(id);
      if (cur === conn) p.byVisitor.delete(id);
      else if (cur instanceof Set) {
        cur.delete(conn);
        if (cur.size === 1) p.byVisitor.set(id, cur.values().next().value as VisitorConnection);
      }
    }
    if (p.count === 0) {
      p.unsubscribe();
      this.projects.delete(conn.projectId);
    }
  }

  /** Has this node a socket (past hello) speaking as this visitor row? Visitor ids are unique across projects. */
  online(visitorId: string): boolean {
    for (const p of this.projects.values()) if (p.byVisitor.has(visitorId)) return true;
    return false;
  }

  /** Closes every visitor socket (server shutdown). */
  close(): void {
    for (const c of [...this.connections]) c.close(1001);
    this.connections.clear();
  }
}
