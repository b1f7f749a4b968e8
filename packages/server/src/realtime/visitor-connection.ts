import type { Socket } from 'node:net';
import { WebSocket, type RawData } from 'ws';
import {
  C,
  MAX_FRAME_BYTES,
  MAX_MESSAGE_LENGTH,
  PROTOCOL_VERSION,
  S,
  SUPPORTED_PROTOCOL_VERSIONS,
  deviceLabel,
  errorText,
  isRetryable,
  matchLocale,
  isCallFrameType,
  parseClientFrame,
  type CallToVisitorFrame,
  type Channel,
  type ClientFrame,
  type ClientFrameOf,
  type ErrorCode,
  type Locale,
  type ServerFrame,
} from '@parley/protocol';
import type { Ctx } from '../context';
import type { Taken } from '../limiter';
import { DomainError, isDomainError } from '../util/errors';
import { dialogs } from '../storage/dialogs';
import { visitors } from '../storage/visitors';
import { applyParams, resolveHello } from '../services/hello';
import { describeDevice } from '../services/device';
import { needsPreChat, submitPreChat } from '../services/prechat';
import { historyBatch } from '../services/history';
import { followSuccessor, sendMessage, type SendResult, type Switched, type VisitorSender } from '../services/messages';
import { recordVisitorEvent } from '../services/visitor-events';
import { rateDialog } from '../services/rating';
import { submitCallback, submitOfflineForm } from '../services/leads';
import { dialogPublic } from '../services/render';
import { callRelay, type VisitorCallPeer } from '../services/calls';
import { randomId } from '../util/crypto';
import { DialogStream } from './dialog-stream';
import { topics, type OpsTopicMsg, type VisitorTopicMsg, type WidgetsTopicMsg } from './topics';

const FATAL_HELLO: ReadonlySet<ErrorCode> = new Set(['unsupported_version', 'unknown_project', 'identity_invalid', 'identity_expired', 'rate_limited']);
const MAX_PENDING_FRAMES = 2000;
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** setTimeout's limit; later ends are checked on each frame instead. */
const MAX_TIMER_MS = 2_147_483_647;

/** The registry of visitor sockets: per project, for pushes to all of them or to one visitor's. */
export interface VisitorRegistry {
  /** After hello (and after an anonymous visitor became a new one): deliver this visitor's messages here. */
  joined(conn: VisitorConnection, projectId: string, visitorId: string): void;
  left(conn: VisitorConnection): void;
}

/**
 * The socket class of the visitor socket server (ws `WebSocket` option): it points at its
 * connection from a field of its own, so the listeners below are shared by every socket.
 */
export class VisitorWebSocket extends WebSocket {
  parleyConn: VisitorConnection | undefined = undefined;
}

// One listener function for all sockets (no closure per socket): the socket points at its connection.
type Tagged = WebSocket & { parleyConn?: VisitorConnection | undefined };
function onMessage(this: Tagged, data: RawData, isBinary: boolean): void {
  this.parleyConn?.onRaw(data, isBinary);
}
function onClose(this: Tagged): void {
  this.parleyConn?.cleanup();
}
function onError(this: Tagged, err: Error): void {
  const c = this.parleyConn;
  if (!c) return;
  c.socketError(err);
  this.terminate();
  c.cleanup();
}
function onPong(this: Tagged): void {
  const c = this.parleyConn;
  if (c) c.alive = true;
}

/** Device labels repeat ("Chrome 127 · Windows 10"): one string each, shared by the sockets. */
const labels = new Map<string, string>();
function sharedLabel(label: string): string {
  const known = labels.get(label);
  if (known !== undefined) return known;
  if (labels.size < 10_000) labels.set(label, label);
  return label;
}

/**
 * One visitor WebSocket. Frames are validated with the protocol parser and handled in order.
 * message.send is pipelined: a send is queued for the next group commit and the next frame is
 * read at once, so a burst from one socket shares commits; acks and errors still leave in the
 * order the frames came, and any other frame waits until the sends before it are answered.
 *
 * Kept small, since a node holds tens of thousands of these while pages sit open: the connection
 * is itself the sender record the send path uses, no closures of its own on the socket, no
 * per-socket bus subscription (the registry routes by project and visitor), the dialog stream only
 * once a dialog is followed, promises only while frames are in flight.
 */
export class VisitorConnection implements VisitorSender, VisitorCallPeer {
  // The sender (VisitorSender), set by hello; an anonymous visitor's closed dialog switches visitorId.
  projectId = '';
  visitorId = '';
  kind: 'anonymous' | 'verified' = 'anonymous';
  /** Visitor rows spoken as before the current one (an anonymous visitor that became new); usually none. */
  private earlierIds: string[] | null = null;
  deviceId: string | null = null;
  channel: Channel = 'web';
  private tokenHash = '';
  /** deviceLabel() of the hello's device, for leads. */
  private device = '';

  private helloDone = false;
  private locale: Locale;
  /** The frames being handled, in order (null when idle). */
  private tail: Promise<void> | null = null;
  /** Replies to sends, chained in frame order (null when none is pending). */
  private replies: Promise<void> | null = null;
  private pending = 0;
  private closed = false;
  /** Shutting down: no new frames are taken. */
  private draining = false;
  alive = true;
  private stream: DialogStream | null = null;
  /** The proof's end (a JWT's exp, epoch ms): the session ends then. */
  private expiresAt: number | null = null;
  /** Before hello: the hello deadline; after: the session's end, if any. */
  private timer: NodeJS.Timeout | null = null;
  /** Counted in the hello gate until the hello arrives or the socket closes. */
  private gated = false;
  // The per-connection frame budget (a token bucket, inline).
  private tokens: number;
  private refilled: number;

  constructor(
    private readonly ctx: Ctx,
    private readonly ws: WebSocket,
    private readonly ip: string | null,
    private acceptLanguage: string | undefined,
    private userAgent: string | undefined,
    private readonly registry: VisitorRegistry,
  ) {
    this.locale = matchLocale(acceptLanguage, 'en');
    this.tokens = ctx.limits.framesPerConnection.rule.capacity;
    this.refilled = ctx.now();
    (ws as Tagged).parleyConn = this;
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.on('error', onError);
    ws.on('pong', onPong);
    // Few sockets per IP may wait for their hello; one more is told to come back later.
    if (ip !== null && !ctx.helloGate.admit(ip)) {
      this.send({ type: S.Error, code: 'rate_limited', message: errorText('rate_limited', this.locale), retryable: true, fatal: true });
      this.end(1013);
      return;
    }
    this.gated = ip !== null;
    // No hello in time: the socket is closed rather than held open for nothing.
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.helloDone) this.error('hello_required', { fatal: true });
    }, ctx.opts.hello.deadlineMs);
  }

  private ungate(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.gated) return;
    this.gated = false;
    if (this.ip !== null) this.ctx.helloGate.release(this.ip);
  }

  /** The proof behind this session ran out: tell the client and close (nothing more is accepted). */
  private expire(): void {
    this.timer = null;
    if (!this.closed) this.error('identity_expired', { fatal: true });
  }

  /** Every visitor row this socket has spoken as (VisitorSender). */
  get visitorIds(): string[] {
    return this.earlierIds ? [...this.earlierIds, this.visitorId] : [this.visitorId];
  }

  set visitorIds(ids: string[]) {
    this.earlierIds = ids.length > 1 ? ids.filter((id) => id !== this.visitorId) : null;
  }

  /** Registered in the registry under these visitor ids (set by the registry). */
  registeredAs: string | string[] | null = null;

  /** The dialog this socket follows, if any. */
  private get following(): string | null {
    return this.stream?.dialogId ?? null;
  }

  /** This socket's tag in calls (made on its first call frame; none for the sockets that never call). */
  private tag: string | null = null;
  get callTag(): string {
    return (this.tag ??= randomId(9));
  }

  get followingDialog(): string | null {
    return this.following;
  }

  /** A call frame (services/calls.ts validated and addressed it). */
  sendCall(frame: CallToVisitorFrame): void {
    this.send(frame as unknown as ServerFrame);
  }

  /** A refused call frame: the code, and what was wrong for the developer. */
  callError(code: ErrorCode, detail: string, callId?: string): void {
    const frame: ServerFrame = { type: S.Error, code, message: errorText(code, this.locale), detail, retryable: false, fatal: false };
    if (callId) frame.clientId = callId;
    this.send(frame);
  }

  /** Follows a dialog (see DialogStream.join); nothing once the socket is closed. */
  private follow(dialogId: string, party: string, start: { from: number } | 'snapshot'): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.stream ??= new DialogStream(
      this.ctx,
      (f) => this.send(f),
      (e) => this.fail(e),
    );
    return this.stream.join(dialogId, party, start);
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
      type: S.Error,
      code,
      message: errorText(code, this.locale, opts.params),
      retryable: isRetryable(code),
      fatal: opts.fatal === true,
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

  /**
   * @internal (socket listener) Protocol violations (a 10 MB frame, bad opcodes) are the client's
   * doing: one warn line without a stack, so nobody can fill the log with error-level traces.
   */
  socketError(err: Error): void {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('WS_ERR_')) this.ctx.log.warn({ code, ip: this.ip }, `socket closed: ${err.message}`);
    else this.ctx.log.error({ err }, 'socket error');
  }

  private fail(err: unknown): void {
    this.ctx.log.error({ err }, 'visitor socket error');
  }

  /** @internal (socket listener) */
  cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.ungate();
    this.stream?.leave();
    this.registry.left(this);
    if (this.tag) callRelay(this.ctx).visitorGone(this.tag);
    // The socket keeps pointing here (every listener is a no-op once closed): a protocol violation
    // that arrives after the server closed the socket itself (the hello deadline) is still logged.
  }

  /** The frame budget: `capacity` frames, refilled at `perSecond`. */
  private takeFrame(): boolean {
    const rule = this.ctx.limits.framesPerConnection.rule;
    if (!(rule.capacity > 0)) return true;
    const now = this.ctx.now();
    this.tokens = Math.min(rule.capacity, this.tokens + (Math.max(0, now - this.refilled) / 1000) * rule.perSecond);
    this.refilled = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * Shutdown: frames that arrived are finished (their acks go out), later ones are left unacked
   * (the client resends them after reconnecting), then the socket closes with 1012 so the client
   * reconnects, with jitter, to whichever node is up.
   */
  async drain(): Promise<void> {
    this.draining = true;
    while (this.tail || this.replies) await (this.tail ?? this.replies);
    this.end(1012);
  }

  /** @internal (socket listener) */
  onRaw(data: RawData, isBinary: boolean): void {
    if (this.closed || this.draining) return;
    // ws hands over a Buffer of its own (binaryType 'nodebuffer'): used as is (Buffer.from would copy it).
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (!this.takeFrame() || this.pending >= MAX_PENDING_FRAMES) {
      // Refused unparsed (that is the point), but name the request so the client can resend it.
      const m = /"clientId"\s*:\s*"([A-Za-z0-9_-]{8,64})"/.exec(buf.subarray(0, 4096).toString('utf8'));
      this.error('rate_limited', { clientId: m?.[1] });
      return;
    }
    const at = performance.now();
    this.enqueue(() => this.onFrame(buf, isBinary, at));
  }

  /** Runs after the frames before it (and before the ones after). */
  private enqueue(fn: () => Promise<void>): void {
    this.pending++;
    const run = () =>
      fn()
        .catch((e: unknown) => this.fail(e))
        .finally(() => {
          if (--this.pending === 0) this.tail = null;
        });
    this.tail = this.tail ? this.tail.then(run) : run();
  }

  /** `at`: when the frame arrived (the ack latency metric counts from there). */
  private async onFrame(buf: Buffer, isBinary: boolean, at: number): Promise<void> {
    if (this.closed) return;
    if (buf.length > MAX_FRAME_BYTES) return this.error('frame_too_large');
    if (isBinary) return this.error('bad_frame');
    const text = buf.toString('utf8');
    const parsed = parseClientFrame(text);
    if (!parsed.ok && this.helloDone && isCallFrameType(parsed.error.type)) {
      // Calls have their own schemas and relay (services/calls.ts), after the frames before them.
      if (this.replies) await this.replies;
      return callRelay(this.ctx).fromVisitor(this, JSON.parse(text));
    }
    if (!parsed.ok) {
      const params = parsed.error.code === 'message_too_long' ? { limit: MAX_MESSAGE_LENGTH } : undefined;
      return this.error(parsed.error.code, { clientId: parsed.error.clientId, params });
    }
    const f = parsed.frame;
    if (this.helloDone && this.expiresAt !== null && this.ctx.now() >= this.expiresAt) return this.expire();
    if (f.type === C.MessageSend && this.helloDone) return this.message(f, at);
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
    if (!this.helloDone) return this.error('hello_required');
    switch (f.type) {
      case C.Ping:
        return this.send(f.t !== undefined ? { type: S.Pong, t: f.t, serverTime: this.ctx.now() } : { type: S.Pong, serverTime: this.ctx.now() });
      case C.Logout: {
        const tokenHash = this.tokenHash;
        await this.ctx.store.write((tx) => visitors.revokeToken(tx, tokenHash, this.ctx.now()));
        this.ctx.bus.publish(topics.visitors(this.projectId), { t: 'ended', visitorId: this.visitorId, tokenHash, reason: 'logout' } satisfies VisitorTopicMsg);
        return;
      }
      case C.MessageSend:
        return this.message(f, performance.now());
      case C.Typing:
        return this.typing(f);
      case C.Read:
        return this.read(f);
      case C.RatingSubmit: {
        const r = await rateDialog(this.ctx, {
          projectId: this.projectId,
          visitorIds: this.visitorIds,
          dialogId: f.dialogId,
          clientId: f.clientId,
          score: f.score,
          comment: f.comment,
        });
        return this.send({ type: S.RequestAck, clientId: f.clientId, kind: 'rating', id: r.id });
      }
      case C.OfflineFormSubmit: {
        const { type: _t, ...form } = f;
        const r = await submitOfflineForm(this.ctx, { projectId: this.projectId, visitorId: this.visitorId, device: this.device, ip: this.ip, form });
        return this.send({ type: S.RequestAck, clientId: f.clientId, kind: 'offline_form', id: r.id });
      }
      case C.PreChatSubmit: {
        const { type: _t, clientId, ...form } = f;
        await submitPreChat(this.ctx, { projectId: this.projectId, visitorId: this.visitorId, form });
        return this.send({ type: S.RequestAck, clientId, kind: 'prechat', id: this.visitorId });
      }
      case C.CallbackRequest: {
        const { type: _t, ...req } = f;
        const r = await submitCallback(this.ctx, { projectId: this.projectId, visitorId: this.visitorId, device: this.device, ip: this.ip, req });
        return this.send({ type: S.RequestAck, clientId: f.clientId, kind: 'callback', id: r.id });
      }
      case C.ParamsSet: {
        const dialogId = this.following;
        const visitorId = this.visitorId;
        await this.ctx.store.write(async (tx) => {
          const visitor = await visitors.byId(tx, visitorId);
          if (!visitor) throw new DomainError('not_found');
          const dialog = dialogId ? ((await dialogs.byId(tx, dialogId)) ?? null) : null;
          await applyParams(tx, visitor, dialog && dialog.visitor_id === visitorId ? dialog : null, f.params);
        });
        return;
      }
      case C.PageView:
        return this.pageView(f);
      case C.HistoryFetch:
        return this.history(f);
      case C.EventTrack:
        return this.trackEvent(f);
    }
  }

  private async hello(f: ClientFrameOf<typeof C.Hello>): Promise<void> {
    if (this.helloDone) throw new DomainError('bad_frame', { detail: 'hello twice' });
    if (f.locale) this.locale = f.locale;
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(f.v)) throw new DomainError('unsupported_version');
    // Per visitor as well as per IP (many visitors may share an office NAT): a reconnect loop of one
    // token is refused without touching the database.
    if (f.token && !(await this.ctx.limits.connectPerIp.take(`token:${f.token.slice(0, 16)}`)).ok) {
      throw new DomainError('rate_limited');
    }
    const device = describeDevice(f.device, this.userAgent, f.hints);
    const h = await resolveHello(this.ctx, f, this.ip, device);
    if (this.closed) return;
    if (!f.locale) this.locale = matchLocale(this.acceptLanguage, h.project.settings.texts.defaultLocale);
    // Only the hello needs the request's headers: a browser's User-Agent is 100-250 bytes a socket.
    this.acceptLanguage = undefined;
    this.userAgent = undefined;
    this.projectId = h.project.id;
    this.visitorId = h.visitor.id;
    this.kind = h.visitor.kind === 'verified' ? 'verified' : 'anonymous';
    this.visitorIds = h.visitorIds;
    this.deviceId = h.deviceId;
    this.channel = f.device.channel ?? 'web';
    this.tokenHash = h.tokenHash;
    this.device = sharedLabel(deviceLabel(device));
    this.helloDone = true;
    this.ungate();
    this.expiresAt = h.expiresAt;
    if (h.expiresAt !== null) {
      // A session opened with a JWT ends at its exp; the widget asks the page for a fresh one.
      const ms = h.expiresAt - this.ctx.now();
      if (ms < MAX_TIMER_MS) this.timer = setTimeout(() => this.expire(), Math.max(0, ms));
    }
    this.registry.joined(this, this.projectId, this.visitorId);
    const presence = await this.ctx.presence.current(this.projectId);
    const d = h.dialog;
    const sync: 'gap' | 'snapshot' | 'none' = d && h.dialogReadable ? (h.gap ? 'gap' : 'snapshot') : 'none';
    this.send({
      type: S.Welcome,
      v: PROTOCOL_VERSION,
      token: h.token,
      visitor: {
        ...(h.visitor.kind === 'verified'
          ? { kind: 'verified', userId: h.visitor.user_id ?? undefined, name: h.visitor.name ?? undefined }
          : { kind: 'anonymous' }),
        ...(needsPreChat(h.project.settings.preChat, h.visitor) ? { needsPreChat: true } : {}),
      },
      dialog: d ? dialogPublic(d) : null,
      sync,
      cursor: d ? d.last_seq : 0,
      presence,
      configVersion: h.project.configVersion,
      serverTime: this.ctx.now(),
      ...(h.project.settings.calls.enabled ? { calls: true } : {}),
    });
    if (d && sync === 'gap' && f.resume) await this.follow(d.id, d.visitor_id, { from: f.resume.seq });
    else if (d && sync === 'snapshot') await this.follow(d.id, d.visitor_id, 'snapshot');
  }

  /** A message for one of this socket's visitor rows (through the registry). */
  onVisitor(m: VisitorTopicMsg): void {
    if (!this.helloDone || this.closed) return;
    if (m.t === 'ended') {
      if (m.tokenHash !== undefined && m.tokenHash !== this.tokenHash) return;
      this.send({ type: S.Ended, reason: m.reason });
      this.end(1000);
    } else if (m.t === 'call') {
      if ((m.conn !== undefined && m.conn !== this.tag) || (m.except !== undefined && m.except === this.tag)) return;
      this.sendCall(m.frame);
    } else if (m.t === 'successor') {
      // Another tab of this anonymous visitor wrote after the close: continue in its new dialog.
      if (m.successorId !== this.visitorId) this.enqueue(() => this.followSuccessor());
    } else if (m.t === 'dialog' && m.visitorId === this.visitorId && m.dialogId !== this.following) {
      // Another tab or device of this visitor started (or reopened) the dialog: follow it from the start.
      void this.follow(m.dialogId, m.visitorId, { from: 0 });
    }
  }

  /** Presence and config pushes of the project (through the registry). */
  onWidgets(m: WidgetsTopicMsg): void {
    if (m.t === 'presence') this.send({ type: S.Presence, ...m.presence });
    else if (m.t === 'config') this.send({ type: S.ConfigUpdated, configVersion: m.configVersion });
    // The project was deleted: nothing here works any more, as if it had never existed.
    else if (m.t === 'gone') this.error('unknown_project', { fatal: true });
  }

  /** Queues the send now; its answer leaves after the answers to the frames before it. */
  private message(f: ClientFrameOf<typeof C.MessageSend>, at: number): void {
    // The bucket answers in order (one Redis connection, or at once), so sends start in frame order.
    const send = (t: Taken): Promise<SendResult> => {
      if (!t.ok) return Promise.reject(new DomainError('rate_limited'));
      return sendMessage(this.ctx, { kind: 'visitor', sender: this }, { clientId: f.clientId, text: f.text, attachments: f.attachments, subject: f.subject });
    };
    const limiter = this.ctx.limits.messagesPerVisitor;
    // Buckets in this process answer at once: the write joins the group being gathered this turn.
    const now = limiter.takeNow?.(this.visitorId);
    const sent: Promise<SendResult> = now ? send(now) : limiter.take(this.visitorId).then(send);
    sent.catch(() => {});
    const answer = () =>
      sent.then(
        (r) => this.sent(r, at),
        (err: unknown) => this.refuse(f, err),
      );
    const p: Promise<void> = this.replies ? this.replies.then(answer) : answer();
    this.replies = p;
    void p.finally(() => {
      if (this.replies === p) this.replies = null;
    });
  }

  private sent(r: SendResult, at: number): void {
    if (r.switched) this.switched(r.switched);
    // The ack and the message's own event in one write (one syscall, one wake-up of the client),
    // when the event is the next this socket expects; otherwise the event follows the fan-out.
    const socket = r.events && this.stream ? (this.ws as { _socket?: Socket })._socket : undefined;
    socket?.cork();
    try {
      this.send({ type: S.MessageAck, ...r.ack });
      if (r.events && this.stream) this.stream.sendOwn(r.ack.dialogId, r.events);
    } finally {
      socket?.uncork();
    }
    this.ctx.metrics.ackLatency((performance.now() - at) / 1000);
    if (!r.duplicate) {
      this.ctx.metrics.messageAccepted('visitor');
      this.ctx.email.visitorWrote(r.ack.dialogId);
    }
    // A resend of an old message answers with its ack only; it never re-opens access to an old
    // dialog. Continuing as a successor joins its current dialog (another tab may have opened it).
    if (r.switched && r.duplicate) void this.followLatest();
    else if (!r.duplicate && this.following !== r.ack.dialogId && r.visitorId) {
      void this.follow(r.ack.dialogId, r.visitorId, { from: 0 });
    }
  }

  /**
   * The send path already made this socket speak as the new visitor row (it is the sender record);
   * the old token keeps access only to rating its closed dialog.
   */
  private switched(to: Switched): void {
    this.tokenHash = to.tokenHash;
    this.registry.joined(this, this.projectId, to.visitorId);
    this.send({ type: S.Token, token: to.token });
  }

  /** Told that this anonymous visitor continued as a new row: follow it, token and dialog. */
  private async followSuccessor(): Promise<void> {
    if (!this.helloDone || this.closed) return;
    const next = await this.ctx.store.write((tx) => followSuccessor(tx, this, this.ctx.now()));
    if (!next || this.closed) return;
    this.switched(next.switched);
    await this.followLatest();
  }

  /** Follows the current visitor row's latest dialog from its start. */
  private async followLatest(): Promise<void> {
    const visitorId = this.visitorId;
    const d = await this.ctx.store.read((x) => dialogs.latestOfVisitor(x, visitorId));
    if (d && this.following !== d.id) await this.follow(d.id, d.visitor_id, { from: 0 });
  }

  /** The dialog this socket follows, if it is one of its visitor's. */
  private async ownDialog(dialogId: string | null) {
    if (!dialogId) return undefined;
    const d = await this.ctx.store.read((x) => dialogs.byId(x, dialogId));
    return d && this.visitorIds.includes(d.visitor_id) ? d : undefined;
  }

  private async typing(f: ClientFrameOf<typeof C.Typing>): Promise<void> {
    const d = await this.ownDialog(this.following);
    if (!d || d.status !== 'open') return;
    const msg: OpsTopicMsg = { t: 'typing', dialogId: d.id, assigneeId: d.assignee_id, typing: f.typing, by: 'visitor' };
    if (f.draft !== undefined) msg.draft = f.draft;
    this.ctx.bus.publish(topics.ops(this.projectId), msg);
  }

  /** Kept on the dialog (operators see "Read" on their messages, now and after a reload) and pushed live. */
  private async read(f: ClientFrameOf<typeof C.Read>): Promise<void> {
    if (f.dialogId !== this.following) throw new DomainError('not_found');
    const d = await this.ownDialog(f.dialogId);
    if (!d) throw new DomainError('not_found');
    const seq = Math.min(f.seq, d.last_seq);
    if (seq <= d.visitor_read_seq) return;
    await this.ctx.db.updateTable('dialogs').set({ visitor_read_seq: seq }).where('id', '=', d.id).where('visitor_read_seq', '<', seq).execute();
    this.ctx.bus.publish(topics.ops(this.projectId), { t: 'read', dialogId: d.id, assigneeId: d.assignee_id, seq } satisfies OpsTopicMsg);
    this.ctx.email.visitorRead(d.id, seq);
  }

  private async pageView(f: ClientFrameOf<typeof C.PageView>): Promise<void> {
    const now = this.ctx.now();
    const page = { url: f.url, title: f.title, referrer: f.referrer };
    const visitorId = this.visitorId;
    await this.ctx.store.write((tx) => visitors.addPageVisit(tx, visitorId, page, now));
    const d = await this.ownDialog(this.following);
    if (!d || d.visitor_id !== this.visitorId) return;
    const info: { url: string; title?: string; referrer?: string } = { url: f.url };
    if (f.title !== undefined) info.title = f.title;
    if (f.referrer !== undefined) info.referrer = f.referrer;
    this.ctx.bus.publish(topics.ops(this.projectId), { t: 'page', dialogId: d.id, assigneeId: d.assignee_id, page: info, at: now } satisfies OpsTopicMsg);
  }

  /** Stored on the visitor; operators following the visitor's dialog see it at once. */
  private async trackEvent(f: ClientFrameOf<typeof C.EventTrack>): Promise<void> {
    const { type: _t, ...track } = f;
    const visitorId = this.visitorId;
    const r = await recordVisitorEvent(this.ctx.db, visitorId, track, this.ctx.now());
    this.send({ type: S.RequestAck, clientId: f.clientId, kind: 'event', id: r.event.id });
    if (r.duplicate || !this.following) return;
    const d = await this.ownDialog(this.following);
    if (!d || d.visitor_id !== visitorId) return;
    this.ctx.bus.publish(topics.ops(this.projectId), { t: 'visitor_event', dialogId: d.id, assigneeId: d.assignee_id, event: r.event } satisfies OpsTopicMsg);
  }

  private async history(f: ClientFrameOf<typeof C.HistoryFetch>): Promise<void> {
    // Only the dialog this socket follows, and only if it belongs to one of its visitor rows.
    const stream = this.stream;
    const d = stream && f.dialogId === stream.dialogId ? await this.ownDialog(f.dialogId) : undefined;
    if (!stream || !d) throw new DomainError('not_found');
    await stream.idle();
    const batch = await historyBatch(this.ctx, d.id, d.visitor_id, { before: f.before, limit: f.limit, cursor: stream.lastSeq });
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
