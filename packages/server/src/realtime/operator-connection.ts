import * as v from 'valibot';
import type { WebSocket, RawData } from 'ws';
import { keepAlive } from './keep-alive';
import {
  MAX_FRAME_BYTES,
  OC,
  OS,
  OperatorClientFrameSchema,
  errorText,
  isCallFrameType,
  type OperatorPublic,
  isAdminRole,
  type ErrorCode,
  type Locale,
  type OperatorServerFrame,
  type Operator,
  type Role,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { canSee, type Actor } from '../services/visibility';
import { dialogs } from '../storage/dialogs';
import { anyOperatorById } from '../storage/operators';
import { operatorPublic } from '../services/render';
import { unreadFor } from '../services/workspace';
import { callRelay, type OperatorCallPeer } from '../services/calls';
import { topics, type DialogTopicMsg, type OperatorTopicMsg, type OpsTopicMsg } from './topics';

const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

const UNREAD_DEBOUNCE_MS = 300;

/** Another project of the same operator: only its unread count and this operator's notifications come through. */
export interface OtherProject {
  projectId: string;
  role: Role;
}

/**
 * One console WebSocket: a filtered view of its project's operator topic, plus typing upstream.
 * The operator's other projects send only what the project switcher shows (unread counts) and
 * notifications meant for this operator; the console is online for all of them.
 */
export class OperatorConnection implements OperatorCallPeer {
  private readonly id = randomId(9);
  private closed = false;
  private readonly liveness: { beat(): void };
  private readonly unsubs: (() => void)[] = [];
  private readonly unreadTimers = new Map<string, NodeJS.Timeout>();
  private readonly projectIds: string[];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: Ctx,
    private readonly ws: WebSocket,
    readonly actor: Actor,
    private readonly sessionHash: string,
    private readonly locale: Locale,
    operator: Operator,
  ) {
    this.unsubs.push(ctx.bus.subscribe(topics.ops(actor.projectId), (m) => this.onOps(m)));
    this.unsubs.push(ctx.bus.subscribe(topics.operator(actor.id), (m) => this.onOperator(m)));
    // Other nodes' updates were lost while the bus was cut off: the console reconnects (1012, with
    // jitter) and reads its lists and dialogs again, as after a node restart.
    const offResync = ctx.bus.onResync?.(() => void this.drain());
    if (offResync) this.unsubs.push(offResync);
    this.projectIds = [actor.projectId];
    ws.on('message', (data, isBinary) => this.onRaw(data, isBinary));
    ws.on('close', () => this.cleanup());
    ws.on('error', () => this.cleanup());
    this.liveness = keepAlive(ws);
    ctx.presence.operatorConnected(actor.projectId, actor.id);
    this.send({ type: OS.Welcome, operator });
    this.operator = { id: operator.id, name: operator.name, avatarUrl: operator.avatarUrl ?? null };
  }

  /** How the visitor sees this operator in a call. */
  readonly operator: OperatorPublic;

  get connId(): string {
    return this.id;
  }

  /** A refused call frame: the code, and what was wrong for the developer. */
  callError(code: ErrorCode, detail: string, callId?: string): void {
    this.send({ type: OS.Error, code, message: errorText(code, this.locale), detail, ...(callId ? { callId } : {}) });
  }

  /** The operator's other projects (looked up after the socket opened): unread counts, notifications, presence. */
  addOthers(others: readonly OtherProject[]): void {
    if (this.closed) return;
    const fresh = others.filter((o) => !this.projectIds.includes(o.projectId));
    for (const o of fresh) {
      this.unsubs.push(this.ctx.bus.subscribe(topics.ops(o.projectId), (m) => this.onOther(o, m)));
      this.projectIds.push(o.projectId);
    }
    // Connected already (counted once per socket): those projects only need to hear of it.
    for (const o of fresh) void this.ctx.presence.refresh(o.projectId);
  }

  private kicked(): void {
    this.ws.close(4001, 'session ended');
    this.cleanup();
  }

  private onOperator(m: OperatorTopicMsg): void {
    if (m.t === 'kick' && (m.sessionHash === undefined || m.sessionHash === this.sessionHash)) this.kicked();
  }

  private onOther(o: OtherProject, m: OpsTopicMsg): void {
    if (this.closed) return;
    if (m.t === 'dialog' || m.t === 'events') this.unreadSoon(o);
    else if (m.t === 'notify' && m.operatorId === this.actor.id) {
      const f: OperatorServerFrame = {
        type: OS.Notification,
        projectId: o.projectId,
        reason: m.reason,
        dialogId: m.dialogId,
        seq: m.seq,
        title: m.title,
        body: m.body,
      };
      if (m.visitor) f.visitor = m.visitor;
      this.send(f);
    } else if (m.t === 'kick' && (m.operatorId === this.actor.id || m.operatorId === '*')) this.kicked();
  }

  /** A burst of changes in another project makes one count, a moment later. */
  private unreadSoon(o: OtherProject): void {
    if (this.unreadTimers.has(o.projectId)) return;
    const t = setTimeout(() => {
      this.unreadTimers.delete(o.projectId);
      if (this.closed) return;
      unreadFor(this.ctx, { id: this.actor.id, projectId: o.projectId, role: o.role }).then(
        (unread) => this.send({ type: OS.ProjectUnread, projectId: o.projectId, unread }),
        (err: unknown) => this.ctx.log.error({ err }, 'unread count failed'),
      );
    }, UNREAD_DEBOUNCE_MS);
    t.unref();
    this.unreadTimers.set(o.projectId, t);
  }

  private send(frame: OperatorServerFrame): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate();
      return;
    }
    this.ws.send(JSON.stringify(frame));
  }

  private error(code: ErrorCode): void {
    this.send({ type: OS.Error, code, message: errorText(code, this.locale) });
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    for (const u of this.unsubs) u();
    for (const t of this.unreadTimers.values()) clearTimeout(t);
    this.unreadTimers.clear();
    this.ctx.presence.operatorDisconnected(this.projectIds, this.actor.id);
    callRelay(this.ctx).operatorGone(this.id);
  }

  private visible(assigneeId: string | null): boolean {
    return canSee(this.actor, { assignee_id: assigneeId });
  }

  private onOps(m: OpsTopicMsg): void {
    const me = this.actor.id;
    switch (m.t) {
      case 'events':
        if (!this.visible(m.assigneeId)) return;
        for (const event of m.events) this.send({ type: OS.DialogEvent, dialogId: m.dialogId, event });
        return;
      case 'dialog': {
        // Also to whoever could see it before a reassignment, so it leaves their lists.
        if (this.visible(m.summary.assignee?.id ?? null) || (m.prevAssigneeId !== undefined && this.visible(m.prevAssigneeId))) {
          // Each operator has their own read mark: the count in the summary is this one's.
          const unread = m.unread.byOperator[me] ?? m.unread.none;
          this.send({ type: OS.DialogUpdated, dialog: { ...m.summary, unread } });
        }
        return;
      }
      case 'note':
        if (this.visible(m.assigneeId)) this.send({ type: OS.NoteNew, note: m.note });
        return;
      case 'typing': {
        if (!this.visible(m.assigneeId)) return;
        if (m.by !== 'visitor' && m.by.id === me) return;
        const f: OperatorServerFrame = { type: OS.Typing, dialogId: m.dialogId, typing: m.typing, by: m.by };
        if (m.draft !== undefined) f.draft = m.draft;
        this.send(f);
        return;
      }
      case 'page':
        if (this.visible(m.assigneeId)) this.send({ type: OS.VisitorPage, dialogId: m.dialogId, page: m.page, at: m.at });
        return;
      case 'read':
        if (this.visible(m.assigneeId)) this.send({ type: OS.VisitorRead, dialogId: m.dialogId, seq: m.seq });
        return;
      case 'visitor_event':
        if (this.visible(m.assigneeId)) this.send({ type: OS.VisitorEvent, dialogId: m.dialogId, event: m.event });
        return;
      case 'mail_mark':
        if (this.visible(m.assigneeId)) this.send({ type: OS.MessageMail, dialogId: m.dialogId, mail: m.mail });
        return;
      case 'lead':
        this.send({ type: OS.LeadNew, lead: m.lead });
        return;
      case 'alerts':
        if (isAdminRole(this.actor.role)) this.send({ type: OS.AlertsChanged });
        return;
      case 'presence':
        this.send({ type: OS.OperatorPresence, operatorId: m.operatorId, status: m.status, presence: m.presence });
        return;
      case 'notify':
        if (m.operatorId === me) {
          const f: OperatorServerFrame = { type: OS.Notification, reason: m.reason, dialogId: m.dialogId, seq: m.seq, title: m.title, body: m.body };
          if (m.visitor) f.visitor = m.visitor;
          this.send(f);
        }
        return;
      case 'call':
        if (!this.visible(m.assigneeId) && m.conn !== this.id) return;
        if ((m.conn !== undefined && m.conn !== this.id) || m.except === this.id) return;
        this.send(m.frame as unknown as OperatorServerFrame);
        return;
      case 'kick':
        if ((m.operatorId === me || m.operatorId === '*') && (m.sessionHash === undefined || m.sessionHash === this.sessionHash)) this.kicked();
        return;
    }
  }

  private onRaw(data: RawData, isBinary: boolean): void {
    if (this.closed || this.draining) return;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (!this.ctx.limits.framesPerConnection.take(this.id)) return this.error('rate_limited');
    this.queue = this.queue
      .then(() => this.onFrame(buf, isBinary))
      .catch((err) => {
        this.ctx.log.error({ err }, 'operator socket error');
        this.error('internal');
      });
  }

  private async onFrame(buf: Buffer, isBinary: boolean): Promise<void> {
    if (buf.length > MAX_FRAME_BYTES) return this.error('frame_too_large');
    if (isBinary) return this.error('bad_frame');
    let raw: unknown;
    try {
      raw = JSON.parse(buf.toString('utf8'));
    } catch {
      return this.error('bad_frame');
    }
    if (isCallFrameType((raw as { type?: unknown } | null)?.type)) return callRelay(this.ctx).fromOperator(this, raw);
    const r = v.safeParse(OperatorClientFrameSchema, raw);
    if (!r.success) return this.error('bad_frame');
    const f = r.output;
    if (f.type === OC.Ping) {
      this.send(f.t !== undefined ? { type: OS.Pong, t: f.t } : { type: OS.Pong });
      return;
    }
    const d = await this.ctx.store.read((x) => dialogs.byId(x, f.dialogId));
    const op = await anyOperatorById(this.ctx.db, this.actor.id);
    if (!d || d.project_id !== this.actor.projectId || !canSee(this.actor, d)) return this.error('not_found');
    if (!op) return;
    if (d.status === 'open') {
      this.ctx.bus.publish(topics.dialog(d.id), { t: 'typing', typing: f.typing, operator: operatorPublic(op) } satisfies DialogTopicMsg);
    }
    this.ctx.bus.publish(topics.ops(this.actor.projectId), {
      t: 'typing',
      dialogId: d.id,
      assigneeId: d.assignee_id,
      typing: f.typing,
      by: { id: op.id, name: op.name },
    } satisfies OpsTopicMsg);
  }

  /** Shutdown: finish the frames already queued, then close with 1012 (the console reconnects with jitter). */
  async drain(): Promise<void> {
    this.draining = true;
    await this.queue;
    this.ws.close(1012, 'server restarting');
    this.cleanup();
  }

  private draining = false;

  heartbeat(): void {
    if (!this.closed) this.liveness.beat();
  }

  isClosed(): boolean {
    return this.closed;
  }
}
