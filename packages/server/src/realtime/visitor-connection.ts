import type { WebSocket, RawData } from 'ws';
import { keepAlive } from './keep-alive';
import {
  C, MAX_FRAME_BYTES, MAX_MESSAGE_LENGTH, PROTOCOL_VERSION, S, SUPPORTED_PROTOCOL_VERSIONS, deviceLabel, errorText,
  isRetryable, matchLocale, parseClientFrame, type ClientFrame, type ClientFrameOf, type DeviceInfo, type ErrorCode,
  type Locale, type ServerFrame,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError, isDomainError } from '../util/errors';
import { addPageVisit, revokeToken } from '../storage/visitors';
import { applyParams, resolveHello } from '../services/hello';
import { describeDevice } from '../services/device';
import { needsPreChat, submitPreChat } from '../services/prechat';
import { getDialog, latestDialogOfVisitor } from '../services/dialogs';
import { historyBatch } from '../services/history';
import { recordVisitorEvent } from '../services/visitor-events';
import { followSuccessor, sendVisitorMessage, type Switched } from '../services/visitor-messages';
import { rateDialog } from '../services/rating';
import { submitCallback, submitOfflineForm } from '../services/leads';
import { dialogPublic } from '../services/render';
import { DialogStream } from './dialog-stream';
import { topics, type OpsTopicMsg, type VisitorTopicMsg, type WidgetsTopicMsg } from './topics';

const FATAL_HELLO: ReadonlySet<ErrorCode> = new Set(['unsupported_version', 'unknown_project', 'identity_invalid', 'identity_expired', 'rate_limited']);
const MAX_PENDING_FRAMES = 2000;
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

interface Session {
  projectId: string;
  visitorId: string;
  kind: 'anonymous' | 'verified';
  token: string;
  tokenHash: string;
  deviceId: string;
  device: DeviceInfo;
  /** Every visitor row this socket has spoken as (an anonymous visitor's closed dialog makes a new one). */
  visitorIds: Set<string>;
  /** The proof's end (a JWT's exp, epoch ms): the session ends then. */
  expiresAt: number | null;
}

/** setTimeout's limit; later ends are checked on each frame instead. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * One visitor WebSocket. Frames are validated with the protocol parser and handled strictly one
 * after another (each awaited), which is what makes "acked in send order" true.
 */
export class VisitorConnection {
  private readonly id = randomId(9);
  private session: Session | null = null;
  private locale: Locale;
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private closed = false;
  private readonly stream: DialogStream;
  private subs: (() => void)[] = [];
  /** Counted in the hello gate until the hello arrives or the socket closes. */
  private gated = false;
  private helloTimer: NodeJS.Timeout | null = null;
  private expiryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: Ctx,
    private readonly ws: WebSocket,
    private readonly ip: string | null,
    private readonly acceptLanguage: string | undefined,
    private readonly userAgent?: string,
  ) {
    this.locale = matchLocale(acceptLanguage, 'en');
    this.liveness = keepAlive(ws);
    this.stream = new DialogStream(ctx, (f) => this.send(f), (e) => this.fail(e));
    ws.on('message', (data, isBinary) => this.onRaw(data, isBinary));
    ws.on('close', () => this.cleanup());
    ws.on('error', () => this.cleanup());
    // Few sockets per IP may wait for their hello; one more is told to come back later.
    if (ip !== null && !ctx.helloGate.admit(ip)) {
      this.send({ type: S.Error, code: 'rate_limited', message: errorText('rate_limited', this.locale), retryable: true, fatal: true });
      this.end(1013);
      return;
    }
    this.gated = ip !== null;
    // No hello in time: the socket is closed rather than held open for nothing.
    this.helloTimer = setTimeout(() => {
      this.helloTimer = null;
      if (!this.session) this.error('hello_required', { fatal: true });
    }, ctx.opts.hello.deadlineMs);
  }

  private ungate(): void {
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = null;
    if (!this.gated) return;
    this.gated = false;
    if (this.ip !== null) this.ctx.helloGate.release(this.ip);
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
    this.closed = true;
    // Let the last frame flush before closing.
    this.ws.close(code);
    this.cleanup();
  }

  private fail(err: unknown): void {
    this.ctx.log.error({ err }, 'visitor socket error');
  }

  private cleanup(): void {
    this.closed = true;
    this.ungate();
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    this.stream.leave();
    for (const u of this.subs) u();
    this.subs = [];
  }

  /**
   * Shutdown: frames that arrived are finished (their acks go out), later ones are left unacked
   * (the client resends them after reconnecting), then the socket closes with 1012 so the client
   * reconnects, with jitter, to whichever node is up.
   */
  async drain(): Promise<void> {
    this.draining = true;
    await this.queue;
    this.end(1012);
  }

  private draining = false;
  /** When the frame being handled arrived (ack latency includes the wait in this connection's queue). */
  private frameAt = 0;

  private onRaw(data: RawData, isBinary: boolean): void {
    if (this.closed || this.draining) return;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (!this.ctx.limits.framesPerConnection.take(this.id) || this.pending >= MAX_PENDING_FRAMES) {
      // Refused unparsed (that is the point), but name the request so the client can resend it.
      const m = /"clientId"\s*:\s*"([A-Za-z0-9_-]{8,64})"/.exec(buf.subarray(0, 4096).toString('utf8'));
      this.error('rate_limited', { clientId: m?.[1] });
      return;
    }
    this.pending++;
    const at = performance.now();
    this.queue = this.queue
      .then(() => {
        this.frameAt = at;
        return this.onFrame(buf, isBinary);
      })
      .catch((e) => this.fail(e))
      .finally(() => {
        this.pending--;
      });
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
    try {
      await this.handle(f);
    } catch (err) {
      const clientId = 'clientId' in f ? f.clientId : undefined;
      if (isDomainError(err)) {
        const fatal = f.type === C.Hello && FATAL_HELLO.has(err.code);
        this.error(err.code, { clientId, fatal, params: err.opts.params });
      } else {
        this.fail(err);
        this.error('internal', { clientId });
      }
    }
  }

  private async handle(f: ClientFrame): Promise<void> {
    if (f.type === C.Hello) return this.hello(f);
    const s = this.session;
    if (!s) return this.error('hello_required');
    if (s.expiresAt !== null && this.ctx.now() >= s.expiresAt) return this.expire();
    switch (f.type) {
      case C.Ping:
        return this.send(f.t !== undefined ? { type: S.Pong, t: f.t, serverTime: this.ctx.now() } : { type: S.Pong, serverTime: this.ctx.now() });
      case C.Logout:
        await revokeToken(this.ctx.db, s.tokenHash, this.ctx.now());
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
        const r = await submitOfflineForm(this.ctx, {
          projectId: s.projectId, visitorId: s.visitorId, device: deviceLabel(s.device), ip: this.ip, form,
        });
        return this.send({ type: S.RequestAck, clientId: f.clientId, kind: 'offline_form', id: r.id });
      }
      case C.PreChatSubmit: {
        const { type: _t, clientId, ...form } = f;
        await submitPreChat(this.ctx, { projectId: s.projectId, visitorId: s.visitorId, form });
        return this.send({ type: S.RequestAck, clientId, kind: 'prechat', id: s.visitorId });
      }
      case C.CallbackRequest: {
        const { type: _t, ...req } = f;
        const r = await submitCallback(this.ctx, { projectId: s.projectId, visitorId: s.visitorId, device: deviceLabel(s.device), ip: this.ip, req });
        return this.send({ type: S.RequestAck, clientId: f.clientId, kind: 'callback', id: r.id });
      }
      case C.ParamsSet: {
        const visitor = await this.ctx.db.selectFrom('visitors').selectAll().where('id', '=', s.visitorId).executeTakeFirstOrThrow();
        const dialogId = this.stream.dialogId;
        const dialog = dialogId ? ((await getDialog(this.ctx.db, dialogId)) ?? null) : null;
        await applyParams(this.ctx, visitor, dialog && dialog.visitor_id === s.visitorId ? dialog : null, f.params);
        return;
      }
      case C.PageView:
        return this.pageView(s, f);
      case C.HistoryFetch:
        return this.history(s, f);
      case C.EventTrack:
        return this.trackEvent(s, f);
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
    const device = describeDevice(f.device, this.userAgent, f.hints);
    const h = await resolveHello(this.ctx, f, this.ip, device);
    if (!f.locale) this.locale = matchLocale(this.acceptLanguage, h.project.settings.texts.defaultLocale);
    const s: Session = {
      projectId: h.project.id, visitorId: h.visitor.id, kind: h.visitor.kind === 'verified' ? 'verified' : 'anonymous',
      token: h.token, tokenHash: h.tokenHash, deviceId: h.deviceId, device, visitorIds: new Set(h.visitorIds),
      expiresAt: h.expiresAt,
    };
    this.session = s;
    this.ungate();
    if (s.expiresAt !== null) {
      // A session opened with a JWT ends at its exp; the widget asks the page for a fresh one.
      const ms = s.expiresAt - this.ctx.now();
      if (ms < MAX_TIMER_MS) this.expiryTimer = setTimeout(() => this.expire(), Math.max(0, ms));
    }
    this.subscribeVisitor(s.visitorId);
    this.subs.push(this.ctx.bus.subscribe(topics.widgets(s.projectId), (m) => this.onWidgets(m as WidgetsTopicMsg)));
    const presence = await this.ctx.presence.current(s.projectId);
    const d = h.dialog;
    let sync: 'gap' | 'snapshot' | 'none' = 'none';
    if (d && h.dialogReadable) {
      sync = 'snapshot';
      if (f.resume && f.resume.dialogId === d.id && f.resume.seq <= d.last_seq) {
        // A gap is only exact if no event after the cursor was purged by retention.
        const first = await this.ctx.db.selectFrom('events').select('seq').where('dialog_id', '=', d.id)
          .where('seq', '>', f.resume.seq).orderBy('seq').limit(1).executeTakeFirst();
        if (!first || first.seq === f.resume.seq + 1) sync = 'gap';
      }
    }
    this.send({
      type: S.Welcome,
      v: PROTOCOL_VERSION,
      token: s.token,
      visitor: {
        ...(h.visitor.kind === 'verified'
          ? { kind: 'verified', userId: h.visitor.user_id ?? undefined, name: h.visitor.name ?? undefined }
          : { kind: 'anonymous' }),
        ...(needsPreChat(h.project.settings.preChat, h.visitor) ? { needsPreChat: true } : {}),
      },
      dialog: d ? await dialogPublic(this.ctx.db, d) : null,
      sync,
      cursor: d ? d.last_seq : 0,
      presence,
      configVersion: h.project.configVersion,
      serverTime: this.ctx.now(),
    });
    if (d && sync === 'gap' && f.resume) await this.stream.join(d.id, d.visitor_id, { from: f.resume.seq });
    else if (d && sync === 'snapshot') await this.stream.join(d.id, d.visitor_id, 'snapshot');
  }

  /** The proof behind this session ran out: tell the client and close (nothing more is accepted). */
  private expire(): void {
    this.expiryTimer = null;
    if (!this.closed) this.error('identity_expired', { fatal: true });
  }

  private subscribeVisitor(visitorId: string): void {
    this.subs.push(this.ctx.bus.subscribe(topics.visitor(visitorId), (m) => this.onVisitor(m as VisitorTopicMsg, visitorId)));
  }

  private onVisitor(m: VisitorTopicMsg, visitorId: string): void {
    const s = this.session;
    if (!s || this.closed) return;
    if (m.t === 'ended') {
      if (m.tokenHash !== undefined && m.tokenHash !== s.tokenHash) return;
      this.send({ type: S.Ended, reason: m.reason });
      this.end(1000);
    } else if (m.t === 'successor') {
      // Another tab of this anonymous visitor wrote after the close: continue in its new dialog.
      if (s.visitorId === m.visitorId) return;
      this.queue = this.queue.then(() => this.follow()).catch((e) => this.fail(e));
    } else if (m.t === 'dialog' && visitorId === s.visitorId && m.dialogId !== this.stream.dialogId) {
      // Another tab or device of this visitor started (or reopened) the dialog: follow it from the start.
      void this.stream.join(m.dialogId, visitorId, { from: 0 });
    }
  }

  private onWidgets(m: WidgetsTopicMsg): void {
    if (m.t === 'presence') this.send({ type: S.Presence, ...m.presence });
    else if (m.t === 'config') this.send({ type: S.ConfigUpdated, configVersion: m.configVersion });
    // The project was deleted: nothing here works any more, as if it had never existed.
    else if (m.t === 'gone') this.error('unknown_project', { fatal: true });
  }

  private async message(s: Session, f: ClientFrameOf<typeof C.MessageSend>): Promise<void> {
    if (!this.ctx.limits.messagesPerVisitor.take(s.visitorId)) throw new DomainError('rate_limited');
    const r = await sendVisitorMessage(
      this.ctx,
      { projectId: s.projectId, visitorId: s.visitorId, kind: s.kind, visitorIds: s.visitorIds, deviceId: s.deviceId, channel: s.device.channel ?? 'web' },
      { clientId: f.clientId, text: f.text, attachments: f.attachments },
    );
    if (r.switched) this.switchTo(s, r.switched, r.predecessors ?? []);
    this.send({ type: S.MessageAck, ...r.ack });
    this.ctx.metrics.ackLatency((performance.now() - this.frameAt) / 1000);
    if (!r.duplicate) this.ctx.metrics.messageAccepted('visitor');
    // A resend of an old message answers with its ack only; it never re-opens access to an old
    // dialog. Continuing as a successor joins its current dialog (another tab may have opened it).
    const target = r.switched ? (await latestDialogOfVisitor(this.ctx.db, s.visitorId))?.id : r.duplicate ? undefined : r.ack.dialogId;
    if (target && this.stream.dialogId !== target) {
      const d = await getDialog(this.ctx.db, target);
      if (d) await this.stream.join(d.id, d.visitor_id, { from: 0 });
    }
  }

  /** The old token keeps access only to rating its closed dialog; this socket now speaks as the new visitor. */
  private switchTo(s: Session, to: Switched, before: readonly string[]): void {
    s.visitorId = to.visitorId;
    s.token = to.token;
    s.tokenHash = to.tokenHash;
    if (to.deviceId) s.deviceId = to.deviceId;
    for (const id of before) s.visitorIds.add(id);
    s.visitorIds.add(to.visitorId);
    this.subscribeVisitor(s.visitorId);
    this.send({ type: S.Token, token: s.token });
  }

  /** Told that this anonymous visitor continued as a new row: follow it, token and dialog. */
  private async follow(): Promise<void> {
    const s = this.session;
    if (!s || this.closed) return;
    const next = await followSuccessor(this.ctx.db, s, this.ctx.now());
    if (!next) return;
    this.switchTo(s, next.switched, next.chain);
    const d = await latestDialogOfVisitor(this.ctx.db, s.visitorId);
    if (d && this.stream.dialogId !== d.id) await this.stream.join(d.id, d.visitor_id, { from: 0 });
  }

  private async typing(s: Session, f: ClientFrameOf<typeof C.Typing>): Promise<void> {
    const dialogId = this.stream.dialogId;
    if (!dialogId) return;
    const d = await getDialog(this.ctx.db, dialogId);
    if (!d || d.status !== 'open' || !s.visitorIds.has(d.visitor_id)) return;
    const msg: OpsTopicMsg = { t: 'typing', dialogId, assigneeId: d.assignee_id, typing: f.typing, by: 'visitor' };
    if (f.draft !== undefined) msg.draft = f.draft;
    this.ctx.bus.publish(topics.ops(s.projectId), msg);
  }

  /** Kept on the dialog (operators see "Read" on their messages, now and after a reload) and pushed live. */
  private async read(s: Session, f: ClientFrameOf<typeof C.Read>): Promise<void> {
    if (f.dialogId !== this.stream.dialogId) throw new DomainError('not_found');
    const d = await getDialog(this.ctx.db, f.dialogId);
    if (!d || !s.visitorIds.has(d.visitor_id)) throw new DomainError('not_found');
    const seq = Math.min(f.seq, d.last_seq);
    if (seq <= d.visitor_read_seq) return;
    await this.ctx.db.updateTable('dialogs').set({ visitor_read_seq: seq }).where('id', '=', d.id).where('visitor_read_seq', '<', seq).execute();
    this.ctx.bus.publish(topics.ops(s.projectId), { t: 'read', dialogId: d.id, assigneeId: d.assignee_id, seq } satisfies OpsTopicMsg);
  }

  private async pageView(s: Session, f: ClientFrameOf<typeof C.PageView>): Promise<void> {
    const now = this.ctx.now();
    const page = { url: f.url, title: f.title, referrer: f.referrer };
    await addPageVisit(this.ctx.db, s.visitorId, page, now);
    const dialogId = this.stream.dialogId;
    if (!dialogId) return;
    const d = await getDialog(this.ctx.db, dialogId);
    if (!d || d.visitor_id !== s.visitorId) return;
    const info: { url: string; title?: string; referrer?: string } = { url: f.url };
    if (f.title !== undefined) info.title = f.title;
    if (f.referrer !== undefined) info.referrer = f.referrer;
    this.ctx.bus.publish(topics.ops(s.projectId), { t: 'page', dialogId, assigneeId: d.assignee_id, page: info, at: now } satisfies OpsTopicMsg);
  }

  /** Stored on the visitor; operators following the visitor's dialog see it at once. */
  private async trackEvent(s: Session, f: ClientFrameOf<typeof C.EventTrack>): Promise<void> {
    const { type: _t, ...track } = f;
    const r = await recordVisitorEvent(this.ctx.db, s.visitorId, track, this.ctx.now());
    this.send({ type: S.RequestAck, clientId: f.clientId, kind: 'event', id: r.event.id });
    const dialogId = this.stream.dialogId;
    if (r.duplicate || !dialogId) return;
    const d = await getDialog(this.ctx.db, dialogId);
    if (!d || d.visitor_id !== s.visitorId) return;
    this.ctx.bus.publish(topics.ops(s.projectId), { t: 'visitor_event', dialogId, assigneeId: d.assignee_id, event: r.event } satisfies OpsTopicMsg);
  }

  private async history(s: Session, f: ClientFrameOf<typeof C.HistoryFetch>): Promise<void> {
    // Only the dialog this socket follows, and only if it belongs to one of its visitor rows.
    const d = f.dialogId === this.stream.dialogId ? await getDialog(this.ctx.db, f.dialogId) : undefined;
    if (!d || !s.visitorIds.has(d.visitor_id)) throw new DomainError('not_found');
    await this.stream.idle();
    const batch = await historyBatch(this.ctx, d.id, d.visitor_id, { before: f.before, limit: f.limit, cursor: this.stream.lastSeq });
    if (batch) this.send(batch);
  }

  private readonly liveness: { beat(): void };
  /** Keep-alive, called periodically: a peer that missed the previous ping is dropped. */
  heartbeat(): void {
    if (!this.closed) this.liveness.beat();
  }

  isClosed(): boolean {
    return this.closed;
  }
}
