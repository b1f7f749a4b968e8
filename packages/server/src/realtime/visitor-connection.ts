import type { WebSocket, RawData } from 'ws';
import {
  C, MAX_FRAME_BYTES, MAX_MESSAGE_LENGTH, PROTOCOL_VERSION, S, SUPPORTED_PROTOCOL_VERSIONS, deviceLabel, errorText,
  isRetryable, matchLocale, parseClientFrame, type Channel, type ClientFrame, type ClientFrameOf, type ErrorCode,
  type Locale, type ServerFrame,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError, isDomainError } from '../util/errors';
import { TokenBucket } from '../rate-limit';
import { dialogs } from '../storage/dialogs';
import { visitors } from '../storage/visitors';
import { applyParams, resolveHello } from '../services/hello';
import { historyBatch } from '../services/history';
import { sendMessage, type SendResult, type VisitorSender } from '../services/messages';
import { rateDialog } from '../services/rating';
import { submitCallback, submitOfflineForm } from '../services/leads';
import { dialogPublic } from '../services/render';
import { DialogStream } from './dialog-stream';
import { topics, type OpsTopicMsg, type VisitorTopicMsg, type WidgetsTopicMsg } from './topics';

const FATAL_HELLO: ReadonlySet<ErrorCode> = new Set(['unsupported_version', 'unknown_project', 'identity_invalid', 'identity_expired', 'rate_limited']);
const MAX_PENDING_FRAMES = 2000;
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** The connection's visitor: what sends need (VisitorSender) plus its token and device. */
interface Session extends VisitorSender {
  token: string;
  tokenHash: string;
  /** deviceLabel() of the hello's device, for leads. */
  device: string;
}

/** Where the registry of visitor sockets keeps them (per project, for presence and config pushes). */
export interface VisitorRegistry {
  joined(conn: VisitorConnection, projectId: string): void;
  left(conn: VisitorConnection, projectId: string | null): void;
}

// One listener function for all sockets (no closure per socket): the socket points at its connection.
const CONN = Symbol('parley.visitorConnection');
type Tagged = WebSocket & { [CONN]?: VisitorConnection };
function onMessage(this: Tagged, data: RawData, isBinary: boolean): void {
  this[CONN]?.onRaw(data, isBinary);
}
function onClose(this: Tagged): void {
  this[CONN]?.cleanup();
}
function onPong(this: Tagged): void {
  const c = this[CONN];
  if (c) c.alive = true;
}

/**
 * One visitor WebSocket. Frames are validated with the protocol parser and handled in order.
 * message.send is pipelined: a send is queued for the next group commit and the next frame is
 * read at once, so a burst from one socket shares commits; acks and errors still leave in the
 * order the frames came, and any other frame waits until the sends before it are answered.
 *
 * Kept small, since a node holds tens of thousands of these while pages sit open: no closures of
 * its own on the socket, the dialog stream only once a dialog is followed, per-frame promises
 * only while frames are in flight.
 */
export class VisitorConnection {
  private session: Session | null = null;
  private locale: Locale;
  /** The frames being handled, in order (null when idle). */
  private tail: Promise<void> | null = null;
  /** Replies to sends, chained in frame order (null when none is pending). */
  private replies: Promise<void> | null = null;
  private pending = 0;
  private closed = false;
  alive = true;
  private streamOf: DialogStream | null = null;
  private subs: (() => void)[] | null = null;
  private readonly frames: TokenBucket;

  constructor(
    private readonly ctx: Ctx,
    private readonly ws: WebSocket,
    private readonly ip: string | null,
    private acceptLanguage: string | undefined,
    private readonly registry: VisitorRegistry,
  ) {
    this.locale = matchLocale(acceptLanguage, 'en');
    this.frames = new TokenBucket(ctx.limits.framesPerConnection.rule, ctx.now());
    (ws as Tagged)[CONN] = this;
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.on('error', onClose);
    ws.on('pong', onPong);
  }

  private get stream(): DialogStream {
    this.streamOf ??= new DialogStream(this.ctx, (f) => this.send(f), (e) => this.fail(e));
    return this.streamOf;
  }

  /** The dialog this socket follows, if any. */
  private get following(): string | null {
    return this.streamOf?.dialogId ?? null;
  }

  private send(frame: ServerFrame): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A client that stopped reading: drop it rather than buffer without bound.
      this.ws.terminate();
      return;
    }
    this.ws.send(JSON.stringify(frame));
  }

  private error(code: ErrorCode, opts: { clientId?: string | undefined; fatal?: boolean; params?: Record<string, string | number> } = {}): void {
    const frame: ServerFrame = {
      type: S.Error, code, message: errorText(code, this.locale, opts.params), retryable: isRetryable(code), fatal: opts.fatal === true,
    };
    if (opts.clientId) frame.clientId = opts.clientId;
    this.send(frame);
    if (opts.fatal) this.end(1008);
  }

  private end(code: number): void {
    if (this.closed) return;
    // Let the last frame flush before closing.
    this.ws.close(code);
    this.cleanup();
  }

  private fail(err: unknown): void {
    this.ctx.log.error({ err }, 'visitor socket error');
  }

  /** @internal (socket listener) */
  cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.streamOf?.leave();
    if (this.subs) for (const u of this.subs) u();
    this.subs = null;
    this.registry.left(this, this.session?.projectId ?? null);
    (this.ws as Tagged)[CONN] = undefined;
  }

  /** @internal (socket listener) */
  onRaw(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (!this.frames.take(this.ctx.now()) || this.pending >= MAX_PENDING_FRAMES) {
      // Refused unparsed (that is the point), but name the request so the client can resend it.
      const m = /"clientId"\s*:\s*"([A-Za-z0-9_-]{8,64})"/.exec(buf.subarray(0, 4096).toString('utf8'));
      this.error('rate_limited', { clientId: m?.[1] });
      return;
    }
    this.pending++;
    const run = () => this.onFrame(buf, isBinary).catch((e: unknown) => this.fail(e)).finally(() => {
      if (--this.pending === 0) this.tail = null;
    });
    this.tail = this.tail ? this.tail.then(run) : run();
  }

  private async onFrame(buf: Buffer, isBinary: boolean): Promise<void> {
    if (this.closed) return;
    if (buf.length > MAX_FRAME_BYTES) return this.error('frame_too_large');
    if (isBinary) return this.error('bad_frame');
    const parsed = parseClientFrame(buf.toString('utf8'));
    if (!parsed.ok) {
      const params = parsed.error.code === 'message_too_long' ? { limit: MAX_MESSAGE_LENGTH } : undefined;
      return this.error(parsed.error.code, { clientId: parsed.error.clientId, params });
    }
    const f = parsed.frame;
    if (f.type === C.MessageSend && this.session) return this.message(this.session, f);
    // Anything else comes after the answers to the sends before it.
    if (this.replies) await this.replies;
    try {
      await this.handle(f);
    } catch (err) {
      this.refuse(f, err);
    }
  }

  private refuse(f: ClientFrame, err: unknown): void {
    const clientId = 'clientId' in f ? f.clientId : undefined;
    if (isDomainError(err)) {
      const fatal = f.type === C.Hello && FATAL_HELLO.has(err.code);
      this.error(err.code, { clientId, fatal, params: err.opts.params });
    } else {
      this.fail(err);
      this.error('internal', { clientId });
    }
  }

  private async handle(f: ClientFrame): Promise<void> {
    if (f.type === C.Hello) return this.hello(f);
    const s = this.session;
    if (!s) return this.error('hello_required');
    switch (f.type) {
      case C.Ping:
        return this.send(f.t !== undefined ? { type: S.Pong, t: f.t, serverTime: this.ctx.now() } : { type: S.Pong, serverTime: this.ctx.now() });
      case C.Logout:
        await this.ctx.store.write((tx) => visitors.revokeToken(tx, s.tokenHash, this.ctx.now()));
        this.ctx.bus.publish(topics.visitor(s.visitorId), { t: 'ended', tokenHash: s.tokenHash, reason: 'logout' } satisfies VisitorTopicMsg);
        return;
      case C.MessageSend:
        return this.message(s, f);
      case C.Typing:
        return this.typing(s, f);
      case C.Read:
        return this.read(s, f);
      case C.RatingSubmit: {
        const r = await rateDialog(this.ctx, {
          projectId: s.projectId, visitorIds: s.visitorIds, dialogId: f.dialogId, clientId: f.clientId, score: f.score, comment: f.comment,
        });
        return this.send({ type: S.RequestAck, clientId: f.clientId, kind: 'rating', id: r.id });
      }
      case C.OfflineFormSubmit: {
        const { type: _t, ...form } = f;
        const r = await submitOfflineForm(this.ctx, { projectId: s.projectId, visitorId: s.visitorId, device: s.device, ip: this.ip, form });
        return this.send({ type: S.RequestAck, clientId: f.clientId, kind: 'offline_form', id: r.id });
      }
      case C.CallbackRequest: {
        const { type: _t, ...req } = f;
        const r = await submitCallback(this.ctx, { projectId: s.projectId, visitorId: s.visitorId, device: s.device, ip: this.ip, req });
        return this.send({ type: S.RequestAck, clientId: f.clientId, kind: 'callback', id: r.id });
      }
      case C.ParamsSet: {
        const dialogId = this.following;
        await this.ctx.store.write(async (tx) => {
          const visitor = await visitors.byId(tx, s.visitorId);
          if (!visitor) throw new DomainError('not_found');
          const dialog = dialogId ? ((await dialogs.byId(tx, dialogId)) ?? null) : null;
          await applyParams(tx, visitor, dialog && dialog.visitor_id === s.visitorId ? dialog : null, f.params);
        });
        return;
      }
      case C.PageView:
        return this.pageView(s, f);
      case C.HistoryFetch:
        return this.history(s, f);
    }
  }

  private async hello(f: ClientFrameOf<typeof C.Hello>): Promise<void> {
    if (this.session) throw new DomainError('bad_frame', { detail: 'hello twice' });
    if (f.locale) this.locale = f.locale;
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(f.v)) throw new DomainError('unsupported_version');
    // Per visitor as well as per IP (many visitors may share an office NAT): a reconnect loop of one
    // token is refused without touching the database.
    if (f.token && !this.ctx.limits.connectPerIp.take(`token:${f.token.slice(0, 16)}`)) {
      throw new DomainError('rate_limited');
    }
    const h = await resolveHello(this.ctx, f, this.ip);
    if (this.closed) return;
    if (!f.locale) this.locale = matchLocale(this.acceptLanguage, h.project.settings.texts.defaultLocale);
    this.acceptLanguage = undefined;
    const s: Session = {
      projectId: h.project.id, visitorId: h.visitor.id, kind: h.visitor.kind === 'verified' ? 'verified' : 'anonymous',
      token: h.token, tokenHash: h.tokenHash, deviceId: h.deviceId, device: deviceLabel(f.device), visitorIds: new Set([h.visitor.id]),
      channel: (f.device.channel ?? 'web') as Channel,
    };
    this.session = s;
    this.subscribeVisitor(s.visitorId);
    this.registry.joined(this, s.projectId);
    const presence = await this.ctx.presence.current(s.projectId);
    const d = h.dialog;
    const sync: 'gap' | 'snapshot' | 'none' = d && h.dialogReadable ? (h.gap ? 'gap' : 'snapshot') : 'none';
    this.send({
      type: S.Welcome,
      v: PROTOCOL_VERSION,
      token: s.token,
      visitor: h.visitor.kind === 'verified'
        ? { kind: 'verified', userId: h.visitor.user_id ?? undefined, name: h.visitor.name ?? undefined }
        : { kind: 'anonymous' },
      dialog: d ? dialogPublic(d) : null,
      sync,
      cursor: d ? d.last_seq : 0,
      presence,
      configVersion: h.project.configVersion,
      serverTime: this.ctx.now(),
    });
    if (d && sync === 'gap' && f.resume) await this.stream.join(d.id, d.visitor_id, { from: f.resume.seq });
    else if (d && sync === 'snapshot') await this.stream.join(d.id, d.visitor_id, 'snapshot');
  }

  private subscribeVisitor(visitorId: string): void {
    (this.subs ??= []).push(this.ctx.bus.subscribe(topics.visitor(visitorId), (m) => this.onVisitor(m as VisitorTopicMsg, visitorId)));
  }

  private onVisitor(m: VisitorTopicMsg, visitorId: string): void {
    const s = this.session;
    if (!s || this.closed) return;
    if (m.t === 'ended') {
      if (m.tokenHash !== s.tokenHash) return;
      this.send({ type: S.Ended, reason: m.reason });
      this.end(1000);
    } else if (m.t === 'dialog' && visitorId === s.visitorId && m.dialogId !== this.following) {
      // Another tab or device of this visitor started (or reopened) the dialog: follow it from the start.
      void this.stream.join(m.dialogId, visitorId, { from: 0 });
    }
  }

  /** Presence and config pushes of the project (through the registry). */
  onWidgets(m: WidgetsTopicMsg): void {
    if (m.t === 'presence') this.send({ type: S.Presence, ...m.presence });
    else this.send({ type: S.ConfigUpdated, configVersion: m.configVersion });
  }

  /** Queues the send now; its answer leaves after the answers to the frames before it. */
  private message(s: Session, f: ClientFrameOf<typeof C.MessageSend>): void {
    let sent: Promise<SendResult>;
    if (!this.ctx.limits.messagesPerVisitor.take(s.visitorId)) sent = Promise.reject(new DomainError('rate_limited'));
    else sent = sendMessage(this.ctx, { kind: 'visitor', sender: s }, { clientId: f.clientId, text: f.text, attachments: f.attachments });
    sent.catch(() => {});
    const answer = () => sent.then((r) => this.sent(s, r), (err: unknown) => this.refuse(f, err));
    const p: Promise<void> = this.replies ? this.replies.then(answer) : answer();
    this.replies = p;
    void p.finally(() => {
      if (this.replies === p) this.replies = null;
    });
  }

  private sent(s: Session, r: SendResult): void {
    if (r.switched) {
      // The old token keeps access only to rating its closed dialog; this socket now speaks as the new visitor.
      s.token = r.switched.token;
      s.tokenHash = r.switched.tokenHash;
      this.subscribeVisitor(r.switched.visitorId);
      this.send({ type: S.Token, token: s.token });
    }
    this.send({ type: S.MessageAck, ...r.ack });
    // A resend of an old message answers with its ack only; it never re-opens access to an old dialog.
    if (!r.duplicate && this.following !== r.ack.dialogId && r.visitorId) {
      void this.stream.join(r.ack.dialogId, r.visitorId, { from: 0 });
    }
  }

  /** The dialog this socket follows, if it is one of its visitor's. */
  private async ownDialog(s: Session, dialogId: string | null) {
    if (!dialogId) return undefined;
    const d = await this.ctx.store.read((x) => dialogs.byId(x, dialogId));
    return d && s.visitorIds.has(d.visitor_id) ? d : undefined;
  }

  private async typing(s: Session, f: ClientFrameOf<typeof C.Typing>): Promise<void> {
    const d = await this.ownDialog(s, this.following);
    if (!d || d.status !== 'open') return;
    const msg: OpsTopicMsg = { t: 'typing', dialogId: d.id, assigneeId: d.assignee_id, typing: f.typing, by: 'visitor' };
    if (f.draft !== undefined) msg.draft = f.draft;
    this.ctx.bus.publish(topics.ops(s.projectId), msg);
  }

  /** Live only, like typing: operators see "read" marks while the visitor is connected. */
  private async read(s: Session, f: ClientFrameOf<typeof C.Read>): Promise<void> {
    if (f.dialogId !== this.following) throw new DomainError('not_found');
    const d = await this.ownDialog(s, f.dialogId);
    if (!d) throw new DomainError('not_found');
    const seq = Math.min(f.seq, d.last_seq);
    this.ctx.bus.publish(topics.ops(s.projectId), { t: 'read', dialogId: d.id, assigneeId: d.assignee_id, seq } satisfies OpsTopicMsg);
  }

  private async pageView(s: Session, f: ClientFrameOf<typeof C.PageView>): Promise<void> {
    const now = this.ctx.now();
    const page = { url: f.url, title: f.title, referrer: f.referrer };
    await this.ctx.store.write((tx) => visitors.addPageVisit(tx, s.visitorId, page, now));
    const d = await this.ownDialog(s, this.following);
    if (!d || d.visitor_id !== s.visitorId) return;
    const info: { url: string; title?: string; referrer?: string } = { url: f.url };
    if (f.title !== undefined) info.title = f.title;
    if (f.referrer !== undefined) info.referrer = f.referrer;
    this.ctx.bus.publish(topics.ops(s.projectId), { t: 'page', dialogId: d.id, assigneeId: d.assignee_id, page: info, at: now } satisfies OpsTopicMsg);
  }

  private async history(s: Session, f: ClientFrameOf<typeof C.HistoryFetch>): Promise<void> {
    // Only the dialog this socket follows, and only if it belongs to one of its visitor rows.
    const d = f.dialogId === this.following ? await this.ownDialog(s, f.dialogId) : undefined;
    if (!d) throw new DomainError('not_found');
    await this.stream.idle();
    const batch = await historyBatch(this.ctx, d.id, d.visitor_id, { before: f.before, limit: f.limit, cursor: this.stream.lastSeq });
    if (batch) this.send(batch);
  }

  /** Keep-alive, called periodically: a peer that did not answer the previous ping is dropped. */
  heartbeat(): void {
    if (this.closed) return;
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  isClosed(): boolean {
    return this.closed;
  }

  /** Server shutdown. */
  close(code: number): void {
    this.end(code);
  }
}
