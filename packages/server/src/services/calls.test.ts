import { describe, expect, it, vi } from 'vitest';
import { CALL_RING_MS } from '@parley/protocol';
import { createInProcessBus } from '../bus';
import type { Ctx } from '../context';
import { topics } from '../realtime/topics';
import { CallRelay, type CallClock } from './calls';
import { memoryCallStore, type CallStore } from '../storage/calls/call-store';

const lines: string[] = [];
vi.mock('./system-messages', () => ({
  sendSystemMessage: (_ctx: unknown, m: { text: string }) => {
    lines.push(m.text);
    return Promise.resolve();
  },
}));

/** A clock the test moves by hand: nothing sleeps. */
function manualClock() {
  let now = 1_000_000;
  const due: { at: number; fn: () => void; live: boolean }[] = [];
  const clock: CallClock = {
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn, live: true };
      due.push(t);
      return t;
    },
    clearTimeout(h) {
      (h as { live: boolean }).live = false;
    },
  };
  return {
    clock,
    now: () => now,
    advance(ms: number) {
      now += ms;
      for (const t of due.filter((x) => x.live && x.at <= now)) {
        t.live = false;
        t.fn();
      }
    },
  };
}

function relay(shared?: { time: ReturnType<typeof manualClock>; bus: ReturnType<typeof createInProcessBus>; store: CallStore }) {
  const time = shared?.time ?? manualClock();
  const bus = shared?.bus ?? createInProcessBus();
  const dialog = { id: 'dialog-1', project_id: 'p1', visitor_id: 'visitor-1', assignee_id: null, status: 'open' };
  const ctx = {
    bus,
    now: time.now,
    log: { error: vi.fn() },
    store: { read: () => Promise.resolve(dialog) },
    projects: { get: () => Promise.resolve({ id: 'p1', settings: { calls: { enabled: true, iceServers: [] }, texts: { defaultLocale: 'en' } } }) },
  } as unknown as Ctx;
  const toVisitor: unknown[] = [];
  const toOps: unknown[] = [];
  bus.subscribe(topics.visitors('p1'), (m) => toVisitor.push(m));
  bus.subscribe(topics.ops('p1'), (m) => toOps.push(m));
  const r = new CallRelay(ctx, time.clock, shared?.store ?? memoryCallStore());
  const op = {
    actor: { id: 'op-1', projectId: 'p1', role: 'admin' as const, name: 'Ann' },
    connId: 'conn-op',
    operator: { id: 'op-1', name: 'Ann' },
    callError: vi.fn(),
  };
  return { r, time, toVisitor, toOps, op };
}

const ended = (frames: unknown[]) => frames.map((m) => (m as { frame?: { type: string; reason?: string } }).frame).filter((f) => f?.type === 'call.ended');

describe('CallRelay ringing (injected clock)', () => {
  it('a call nobody answers is missed after exactly 45 s: both sides are told and the line is written', async () => {
    lines.length = 0;
    const { r, time, toVisitor, toOps, op } = relay();
    await r.fromOperator(op as never, { type: 'call.ring', callId: 'call-aaaaaaaa', dialogId: 'dialog-1', video: false });
    expect(op.callError).not.toHaveBeenCalled();
    time.advance(CALL_RING_MS - 1);
    expect(ended(toVisitor)).toEqual([]);
    time.advance(1);
    await vi.waitFor(() => expect(ended(toVisitor)).toEqual([expect.objectContaining({ reason: 'missed', callId: 'call-aaaaaaaa' })]));
    expect(ended(toOps)).toEqual([expect.objectContaining({ reason: 'missed' })]);
    await vi.waitFor(() => expect(lines).toEqual(['Missed call']));
    // Over: a late accept finds no call.
    const peer = { projectId: 'p1', visitorIds: ['visitor-1'], followingDialog: 'dialog-1', callTag: 'v1', sendCall: vi.fn(), callError: vi.fn() };
    await r.fromVisitor(peer, { type: 'call.accept', callId: 'call-aaaaaaaa' });
    expect(peer.callError).toHaveBeenCalledWith('not_found', expect.any(String), 'call-aaaaaaaa');
    r.destroy();
  });

  it('an answered call is not missed when the 45 s pass', async () => {
    lines.length = 0;
    const { r, time, toVisitor, op } = relay();
    await r.fromOperator(op as never, { type: 'call.ring', callId: 'call-bbbbbbbb', dialogId: 'dialog-1', video: true });
    time.advance(CALL_RING_MS - 5_000);
    const peer = { projectId: 'p1', visitorIds: ['visitor-1'], followingDialog: 'dialog-1', callTag: 'v1', sendCall: vi.fn(), callError: vi.fn() };
    await r.fromVisitor(peer, { type: 'call.accept', callId: 'call-bbbbbbbb' });
    expect(peer.callError).not.toHaveBeenCalled();
    time.advance(60_000);
    expect(ended(toVisitor).filter((f) => f?.reason === 'missed')).toEqual([]);
    await vi.waitFor(() => expect(lines).toEqual(['Video call started']));
    r.destroy();
  });

  it('two nodes (two relays on one bus and one store): two operators accepting at once, exactly one wins', async () => {
    const shared = { time: manualClock(), bus: createInProcessBus(), store: memoryCallStore() };
    const a = relay(shared);
    const b = relay(shared);
    const peer = { projectId: 'p1', visitorIds: ['visitor-1'], followingDialog: 'dialog-1', callTag: 'v1', sendCall: vi.fn(), callError: vi.fn() };
    await a.r.fromVisitor(peer, { type: 'call.ring', callId: 'call-cccccccc', video: false });
    const opA = { ...a.op, connId: 'conn-a', callError: vi.fn() };
    const opB = { ...b.op, actor: { ...b.op.actor, id: 'op-2' }, connId: 'conn-b', callError: vi.fn() };
    await Promise.all([
      a.r.fromOperator(opA as never, { type: 'call.accept', callId: 'call-cccccccc' }),
      b.r.fromOperator(opB as never, { type: 'call.accept', callId: 'call-cccccccc' }),
    ]);
    const started = a.toVisitor.map((m) => (m as { frame?: { type: string } }).frame).filter((f) => f?.type === 'call.started');
    expect(started).toHaveLength(1);
    // The loser is told why; the winner is not.
    expect([opA.callError.mock.calls.length, opB.callError.mock.calls.length].sort()).toEqual([0, 1]);
    const loser = opA.callError.mock.calls[0] ?? opB.callError.mock.calls[0];
    expect(loser?.[0]).toBe('conflict');
    a.r.destroy();
    b.r.destroy();
  });
});
