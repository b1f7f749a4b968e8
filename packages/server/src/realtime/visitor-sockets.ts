import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import proxyAddr from '@fastify/proxy-addr';
import { WebSocketServer } from 'ws';
import { errorText, isRetryable, matchLocale } from '@parley/protocol';
import type { Ctx } from '../context';
import { VisitorConnection, type VisitorRegistry } from './visitor-connection';
import { topics, type VisitorTopicMsg, type WidgetsTopicMsg } from './topics';

/**
 * The visitor WebSocket, upgraded by `ws` directly rather than through Fastify's router: a
 * visitor socket is held for as long as the page is open (tens of thousands per node), and a
 * routed upgrade keeps its request, reply and hooks alive with it. This keeps what `ws` needs and
 * a compact VisitorConnection. The same per-IP connect limit as the router's applies.
 */
interface ProjectSockets {
  /** Every socket of the project past hello: presence and config pushes. */
  all: Set<VisitorConnection>;
  /** By visitor row (a socket may be under two: an anonymous visitor that became a new one). */
  byVisitor: Map<string, VisitorConnection | Set<VisitorConnection>>;
  unsubscribe: () => void;
}

export class VisitorSockets implements VisitorRegistry {
  private readonly wss: WebSocketServer;
  readonly connections = new Set<VisitorConnection>();
  /** Two bus subscriptions per project and node, however many sockets. */
  private readonly projects = new Map<string, ProjectSockets>();
  /** The visitor ids each socket is registered under (rarely more than one). */
  private readonly registered = new Map<VisitorConnection, string | string[]>();
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
      this.connections.add(new VisitorConnection(this.ctx, ws, ip, Array.isArray(acceptLanguage) ? acceptLanguage[0] : acceptLanguage, this));
    });
  }

  private project(projectId: string): ProjectSockets {
    let p = this.projects.get(projectId);
    if (!p) {
      const all = new Set<VisitorConnection>();
      const byVisitor = new Map<string, VisitorConnection | Set<VisitorConnection>>();
      const offWidgets = this.ctx.bus.subscribe(topics.widgets(projectId), (m) => {
        for (const c of all) c.onWidgets(m as WidgetsTopicMsg);
      });
      const offVisitors = this.ctx.bus.subscribe(topics.visitors(projectId), (raw) => {
        const m = raw as VisitorTopicMsg;
        const to = byVisitor.get(m.visitorId);
        if (to instanceof Set) for (const c of [...to]) c.onVisitor(m);
        else to?.onVisitor(m);
      });
      p = { all, byVisitor, unsubscribe: () => { offWidgets(); offVisitors(); } };
      this.projects.set(projectId, p);
    }
    return p;
  }

  joined(conn: VisitorConnection, projectId: string, visitorId: string): void {
    const p = this.project(projectId);
    p.all.add(conn);
    const cur = p.byVisitor.get(visitorId);
    if (!cur) p.byVisitor.set(visitorId, conn);
    else if (cur instanceof Set) cur.add(conn);
    else if (cur !== conn) p.byVisitor.set(visitorId, new Set([cur, conn]));
    const ids = this.registered.get(conn);
    this.registered.set(conn, ids === undefined ? visitorId : [...(Array.isArray(ids) ? ids : [ids]), visitorId]);
  }

  left(conn: VisitorConnection): void {
    this.connections.delete(conn);
    const ids = this.registered.get(conn);
    if (ids === undefined) return;
    this.registered.delete(conn);
    const p = this.projects.get(conn.projectId);
    if (!p) return;
    p.all.delete(conn);
    for (const id of Array.isArray(ids) ? ids : [ids]) {
      const cur = p.byVisitor.get(id);
      if (cur === conn) p.byVisitor.delete(id);
      else if (cur instanceof Set) {
        cur.delete(conn);
        if (cur.size === 1) p.byVisitor.set(id, cur.values().next().value as VisitorConnection);
      }
    }
    if (p.all.size === 0) {
      p.unsubscribe();
      this.projects.delete(conn.projectId);
    }
  }

  /** Closes every visitor socket (server shutdown). */
  close(): void {
    for (const c of [...this.connections]) c.close(1001);
    this.connections.clear();
  }
}
