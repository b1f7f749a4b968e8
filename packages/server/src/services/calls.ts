import * as v from 'valibot';
import {
  CALL,
  CALL_LINES,
  CALL_RECORDING_UPLOAD_MS,
  CALL_RING_MS,
  OperatorCallFrameSchema,
  VisitorCallFrameSchema,
  callDuration,
  type CallEndReason,
  type CallToOperatorFrame,
  type CallToVisitorFrame,
  type ErrorCode,
  type OperatorCallFrame,
  type OperatorPublic,
  type RecordingState,
  type VisitorCallFrame,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { dialogs } from '../storage/dialogs';
import { canSee, type Actor } from './visibility';
import { sendSystemMessage } from './system-messages';
import { topics, type CallTopicMsg, type CallState } from '../realtime/topics';
import { DomainError } from '../util/errors';
import { dbCallStore, type CallStore } from '../storage/calls/call-store';
import { isUniqueViolation } from '../storage/open';

/** The relay's timers (injectable, so the 45 s of ringing is tested without waiting). */
export interface CallClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: CallClock = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** The visitor socket as the call relay sees it. */
export interface VisitorCallPeer {
  readonly projectId: string;
  readonly visitorIds: string[];
  /** The dialog the socket follows. */
  readonly followingDialog: string | null;
  /** This socket's tag in calls (server-made, per connection). */
  readonly callTag: string;
  sendCall(frame: CallToVisitorFrame): void;
  callError(code: ErrorCode, detail: string, callId?: string): void;
}

/** The console socket as the call relay sees it. */
export interface OperatorCallPeer {
  readonly actor: Actor;
  /** This console socket's id (server-made, per connection). */
  readonly connId: string;
  readonly operator: OperatorPublic;
  callError(code: ErrorCode, detail: string, callId?: string): void;
}

class CallRefused extends Error {
  constructor(
    readonly code: ErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

function readCallId(raw: unknown): string | undefined {
  const id = (raw as { callId?: unknown } | null)?.callId;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(id) ? id : undefined;
}

function detailOf(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`)
    .join('; ')
    .slice(0, 300);
}

/**
 * The call relay of one node. Every node keeps the state of every call (who rang, the two
 * connections in it, since when) from the `calls` bus topic; frames reach the parties through
 * the visitors and ops topics, addressed to one connection once the call is answered. Nothing a
 * client says about ids is trusted: the dialog is the socket's own (visitor) or one the operator
 * may see, and the parties are the connections the server recorded. What several nodes must
 * agree on goes through the database (`CallStore`): one answer wins, a call ends once, and a
 * recording's consent holds on every node and across restarts.
 */
export class CallRelay {
  private readonly calls = new Map<string, CallState>();
  private readonly timers = new Map<string, unknown>();
  private readonly off: () => void;

  constructor(
    private readonly ctx: Ctx,
    private readonly clock: CallClock = realClock,
    private readonly store: CallStore = dbCallStore(ctx.db),
  ) {
    this.off = ctx.bus.subscribe(topics.calls, (m) => this.onBus(m));
  }

  destroy(): void {
    this.off();
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  private onBus(m: CallTopicMsg): void {
    if (m.t === 'set') this.calls.set(m.call.id, m.call);
    else this.forget(m.id);
  }

  private forget(id: string): void {
    this.calls.delete(id);
    const t = this.timers.get(id);
    if (t !== undefined) this.clock.clearTimeout(t);
    this.timers.delete(id);
  }

  /**
   * Takes one consented recording of `callId` for this operator's upload, or refuses with
   * `forbidden`: the server must have seen the operator ask and the visitor agree in that call.
   * Returns a give-back for an upload that then fails (too large, full quota).
   */
  async takeRecording(callId: string, projectId: string, operatorId: string): Promise<() => void> {
    if (!(await this.store.takeRecording(callId, projectId, operatorId, this.ctx.now() - CALL_RECORDING_UPLOAD_MS))) {
      throw new DomainError('forbidden', { detail: 'this call recording has no consent of both parties' });
    }
    return () => {
      this.store.giveBack(callId).catch((err: unknown) => this.ctx.log.error({ err }, 'call recording give-back failed'));
    };
  }

  private put(call: CallState): void {
    this.calls.set(call.id, call);
    this.ctx.bus.publish(topics.calls, { t: 'set', call });
  }

  private toVisitor(call: CallState, frame: CallToVisitorFrame, only?: { conn?: string | null; except?: string | null }): void {
    const msg = { t: 'call' as const, visitorId: call.visitorId, frame } as const;
    this.ctx.bus.publish(topics.visitors(call.projectId), {
      ...msg,
      ...(only?.conn ? { conn: only.conn } : {}),
      ...(only?.except ? { except: only.except } : {}),
    });
  }

  private toOperators(call: CallState, frame: CallToOperatorFrame, only?: { conn?: string | null; except?: string | null }): void {
    this.ctx.bus.publish(topics.ops(call.projectId), {
      t: 'call',
      dialogId: call.dialogId,
      assigneeId: call.assigneeId,
      frame,
      ...(only?.conn ? { conn: only.conn } : {}),
      ...(only?.except ? { except: only.except } : {}),
    });
  }

  private async line(call: CallState, text: (l: (typeof CALL_LINES)['en']) => string): Promise<void> {
    const project = await this.ctx.projects.get(call.projectId);
    const lines = CALL_LINES[project?.settings.texts.defaultLocale ?? 'en'];
    await sendSystemMessage(this.ctx, { projectId: call.projectId, visitorId: call.visitorId, channel: 'web', text: text(lines) });
  }

  private lineSoon(call: CallState, text: (l: (typeof CALL_LINES)['en']) => string): void {
    this.line(call, text).catch((err: unknown) => this.ctx.log.error({ err }, 'call line failed'));
  }

  private ringTimer(call: CallState): void {
    const t = this.clock.setTimeout(() => {
      this.timers.delete(call.id);
      const now = this.calls.get(call.id);
      if (now && now.startedAt === null) this.endSoon(now, 'missed', true);
    }, CALL_RING_MS);
    this.timers.set(call.id, t);
  }

  private endSoon(call: CallState, reason: CallEndReason, ringing = false): void {
    this.end(call, reason, ringing).catch((err: unknown) => this.ctx.log.error({ err }, 'call end failed'));
  }

  /**
   * Ends the call for both sides and writes its line into the dialog, once: a node that loses the
   * race (the call ended or, for `ringing`, was answered elsewhere) only forgets it.
   */
  private async end(call: CallState, reason: CallEndReason, ringing = false): Promise<void> {
    const won = await this.store.end(call.id, this.ctx.now(), ringing);
    this.forget(call.id);
    if (!won) return;
    this.ctx.bus.publish(topics.calls, { t: 'end', id: call.id });
    const durationMs = call.startedAt !== null ? Math.max(0, this.ctx.now() - call.startedAt) : undefined;
    const base = { type: CALL.Ended, callId: call.id, reason, ...(durationMs !== undefined ? { durationMs } : {}) } as const;
    this.toVisitor(call, base, { conn: call.visitorConn && call.startedAt !== null ? call.visitorConn : null });
    this.toOperators(call, { ...base, dialogId: call.dialogId }, { conn: call.opConn && call.startedAt !== null ? call.opConn : null });
    if (durationMs !== undefined) this.lineSoon(call, (l) => l.ended(call.video, callDuration(durationMs)));
    else if (reason === 'declined') this.lineSoon(call, (l) => l.declined);
    else if (reason !== 'unavailable') this.lineSoon(call, (l) => l.missed);
  }

  private async start(call: CallState): Promise<void> {
    const project = await this.ctx.projects.get(call.projectId);
    const startedAt = this.ctx.now();
    // Exactly one answer wins, whichever node it reached (two operators accepting at once).
    if (!(await this.store.start(call.id, call.operatorId, startedAt))) throw new CallRefused('conflict', 'the call was answered elsewhere or has ended');
    const live: CallState = { ...call, startedAt };
    this.put(live);
    const t = this.timers.get(call.id);
    if (t !== undefined) this.clock.clearTimeout(t);
    this.timers.delete(call.id);
    const started = { type: CALL.Started, callId: call.id, video: call.video, startedAt, iceServers: project?.settings.calls.iceServers ?? [] } as const;
    this.toVisitor(live, started, { conn: live.visitorConn });
    this.toOperators(live, { ...started, dialogId: call.dialogId }, { conn: live.opConn });
    // Whoever else was rung (another tab, another operator) stops ringing.
    if (call.by === 'visitor') this.toOperators(live, { type: CALL.Ended, callId: call.id, dialogId: call.dialogId, reason: 'taken' }, { except: live.opConn });
    else this.toVisitor(live, { type: CALL.Ended, callId: call.id, reason: 'taken' }, { except: live.visitorConn });
    this.lineSoon(live, (l) => l.started(call.video));
  }

  /** The call's row; a callId already used (on any node) is refused. */
  private async ringStored(call: CallState): Promise<void> {
    try {
      await this.store.ring({ id: call.id, projectId: call.projectId, dialogId: call.dialogId, operatorId: call.operatorId }, this.ctx.now());
    } catch (err) {
      // Only a taken id is the client's doing; a database that fails is the server's error.
      if (isUniqueViolation(err)) throw new CallRefused('conflict', 'this callId is taken');
      throw err;
    }
  }

  private busy(dialogId: string): boolean {
    for (const c of this.calls.values()) if (c.dialogId === dialogId) return true;
    return false;
  }

  private async callsOn(projectId: string): Promise<boolean> {
    const project = await this.ctx.projects.get(projectId);
    return project?.settings.calls.enabled === true;
  }

  /** A new recording state for both connections in the call; `on` counts one more consented recording. */
  private async setRecording(call: CallState, state: RecordingState): Promise<void> {
    const next: CallState = { ...call, recording: state, recordings: (call.recordings ?? 0) + (state === 'on' ? 1 : 0) };
    // Stored before anyone hears of it: the upload may reach any node, after any restart.
    if (state === 'on') await this.store.consent(call.id);
    this.put(next);
    const frame = { type: CALL.Recording, callId: call.id, state } as const;
    this.toVisitor(next, frame, { conn: next.visitorConn });
    this.toOperators(next, { ...frame, dialogId: next.dialogId }, { conn: next.opConn });
  }

  private stopRecording(call: CallState): Promise<void> {
    if (call.recording !== 'on' && call.recording !== 'asked') throw new CallRefused('conflict', 'nothing is being recorded');
    return this.setRecording(call, 'off');
  }

  // ----- the visitor's socket ------------------------------------------------------------------

  fromVisitor(peer: VisitorCallPeer, raw: unknown): Promise<void> {
    return this.take(VisitorCallFrameSchema, peer, raw, (f) => this.visitorFrame(peer, f));
  }

  /** Validates a call frame and handles it; a refusal is answered with its code and what was wrong. */
  private async take<F extends { callId: string }>(
    schema: v.GenericSchema<unknown, F>,
    peer: VisitorCallPeer | OperatorCallPeer,
    raw: unknown,
    handle: (f: F) => Promise<void>,
  ): Promise<void> {
    const r = v.safeParse(schema, raw);
    if (!r.success) return peer.callError('bad_frame', detailOf(r.issues), readCallId(raw));
    try {
      await handle(r.output);
    } catch (err) {
      if (err instanceof CallRefused) peer.callError(err.code, err.message, r.output.callId);
      else throw err;
    }
  }

  private async visitorFrame(peer: VisitorCallPeer, f: VisitorCallFrame): Promise<void> {
    if (f.type === CALL.Ring) {
      if (this.calls.has(f.callId)) throw new CallRefused('conflict', 'this callId is taken');
      const dialogId = peer.followingDialog;
      const d = dialogId ? await this.ctx.store.read((x) => dialogs.byId(x, dialogId)) : undefined;
      const ended = { type: CALL.Ended, callId: f.callId, reason: 'unavailable' } as const;
      if (!d || !peer.visitorIds.includes(d.visitor_id) || d.status !== 'open' || this.busy(d.id) || !(await this.callsOn(peer.projectId))) {
        // Calls are off, there is no open dialog yet, or one is already ringing or running: tell the widget.
        return peer.sendCall(ended);
      }
      const call: CallState = {
        id: f.callId,
        projectId: peer.projectId,
        dialogId: d.id,
        visitorId: d.visitor_id,
        assigneeId: d.assignee_id,
        video: f.video,
        by: 'visitor',
        operatorId: null,
        opConn: null,
        visitorConn: peer.callTag,
        startedAt: null,
      };
      await this.ringStored(call);
      this.put(call);
      this.ringTimer(call);
      this.toOperators(call, { type: CALL.Ring, callId: call.id, dialogId: d.id, video: f.video });
      return;
    }
    const call = this.calls.get(f.callId);
    if (!call || call.projectId !== peer.projectId || !peer.visitorIds.includes(call.visitorId)) throw new CallRefused('not_found', 'no such call');
    const mine = call.visitorConn === peer.callTag;
    switch (f.type) {
      case CALL.Accept:
        if (call.by !== 'operator' || call.startedAt !== null) throw new CallRefused('conflict', 'the call is not ringing here');
        return this.start({ ...call, visitorConn: peer.callTag });
      case CALL.Decline:
        if (call.by !== 'operator' || call.startedAt !== null) throw new CallRefused('conflict', 'the call is not ringing here');
        return this.end(call, 'declined');
      case CALL.Hangup:
        if (call.startedAt !== null && !mine) throw new CallRefused('not_found', 'the call is on another device');
        return this.end(call, call.startedAt !== null ? 'hangup' : call.by === 'visitor' ? 'hangup' : 'declined');
      case CALL.Consent:
        if (call.startedAt === null || !mine) throw new CallRefused('not_found', 'the call is not connected here');
        if (call.recording !== 'asked') throw new CallRefused('conflict', 'nobody asked to record this call');
        return this.setRecording(call, f.accept ? 'on' : 'declined');
      case CALL.RecordStop:
        if (call.startedAt === null || !mine) throw new CallRefused('not_found', 'the call is not connected here');
        return this.stopRecording(call);
      default:
        if (call.startedAt === null || !mine) throw new CallRefused('not_found', 'the call is not connected here');
        this.toOperators(call, f, { conn: call.opConn });
    }
  }

  /** A visitor socket closed: its calls end. */
  visitorGone(tag: string | null): void {
    if (!tag) return;
    for (const c of [...this.calls.values()]) if (c.visitorConn === tag) this.endSoon(c, c.startedAt !== null ? 'gone' : 'hangup');
  }

  // ----- the console's socket ------------------------------------------------------------------

  fromOperator(peer: OperatorCallPeer, raw: unknown): Promise<void> {
    return this.take(OperatorCallFrameSchema, peer, raw, (f) => this.operatorFrame(peer, f));
  }

  /** The dialog, if this operator may see it now. */
  private async visibleDialog(peer: OperatorCallPeer, dialogId: string) {
    const d = await this.ctx.store.read((x) => dialogs.byId(x, dialogId));
    return d && d.project_id === peer.actor.projectId && canSee(peer.actor, d) ? d : undefined;
  }

  private async operatorFrame(peer: OperatorCallPeer, f: OperatorCallFrame): Promise<void> {
    if (f.type === CALL.Ring) {
      if (this.calls.has(f.callId)) throw new CallRefused('conflict', 'this callId is taken');
      const d = await this.visibleDialog(peer, f.dialogId);
      if (!d) throw new CallRefused('not_found', 'no such dialog');
      if (d.status !== 'open') throw new CallRefused('conflict', 'the dialog is closed');
      if (this.busy(d.id)) throw new CallRefused('conflict', 'a call is already ringing or running in this dialog');
      if (!(await this.callsOn(d.project_id))) throw new CallRefused('forbidden', 'calls are off in this project');
      const call: CallState = {
        id: f.callId,
        projectId: d.project_id,
        dialogId: d.id,
        visitorId: d.visitor_id,
        assigneeId: d.assignee_id,
        video: f.video,
        by: 'operator',
        operatorId: peer.actor.id,
        opConn: peer.connId,
        visitorConn: null,
        startedAt: null,
      };
      await this.ringStored(call);
      this.put(call);
      this.ringTimer(call);
      this.toVisitor(call, { type: CALL.Ring, callId: call.id, video: f.video, operator: peer.operator });
      return;
    }
    const call = this.calls.get(f.callId);
    if (!call || call.projectId !== peer.actor.projectId) throw new CallRefused('not_found', 'no such call');
    const mine = call.opConn === peer.connId;
    switch (f.type) {
      case CALL.Accept: {
        if (call.by !== 'visitor' || call.startedAt !== null) throw new CallRefused('conflict', 'the call is not ringing here');
        const d = await this.visibleDialog(peer, call.dialogId);
        if (!d) throw new CallRefused('not_found', 'no such call');
        return this.start({ ...call, operatorId: peer.actor.id, opConn: peer.connId, assigneeId: d.assignee_id });
      }
      case CALL.Decline: {
        if (call.by !== 'visitor' || call.startedAt !== null) throw new CallRefused('conflict', 'the call is not ringing here');
        if (!(await this.visibleDialog(peer, call.dialogId))) throw new CallRefused('not_found', 'no such call');
        return this.end(call, 'declined');
      }
      case CALL.Hangup:
        if (!mine) throw new CallRefused('not_found', 'no such call');
        return this.end(call, 'hangup');
      case CALL.Record:
        if (call.startedAt === null || !mine) throw new CallRefused('not_found', 'the call is not connected here');
        if (call.recording === 'asked' || call.recording === 'on') throw new CallRefused('conflict', 'the recording is already asked for or running');
        return this.setRecording(call, 'asked');
      case CALL.RecordStop:
        if (call.startedAt === null || !mine) throw new CallRefused('not_found', 'the call is not connected here');
        return this.stopRecording(call);
      default:
        if (call.startedAt === null || !mine) throw new CallRefused('not_found', 'the call is not connected here');
        this.toVisitor(call, f, { conn: call.visitorConn });
    }
  }

  /** A console socket closed: its calls end. */
  operatorGone(connId: string): void {
    for (const c of [...this.calls.values()]) if (c.opConn === connId) this.endSoon(c, c.startedAt !== null ? 'gone' : 'hangup');
  }
}

const relays = new WeakMap<Ctx, CallRelay>();
/** This node's relay (made, and subscribed to the bus, on first use: the app makes it at start). */
export function callRelay(ctx: Ctx): CallRelay {
  let r = relays.get(ctx);
  if (!r) {
    r = new CallRelay(ctx);
    relays.set(ctx, r);
  }
  return r;
}
