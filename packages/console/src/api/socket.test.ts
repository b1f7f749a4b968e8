import { afterEach, describe, expect, it, vi } from 'vitest';
import { OS } from '@parley/protocol';
import { createOperatorSocket } from './socket';

class FakeSocket extends EventTarget {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  constructor(readonly url: string) {
    super();
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(data: unknown) {
    this.dispatchEvent(Object.assign(new Event('message'), { data: typeof data === 'string' ? data : JSON.stringify(data) }));
  }
}

afterEach(() => {
  vi.useRealTimers();
  FakeSocket.all = [];
});

function setup() {
  vi.useFakeTimers();
  const frames: unknown[] = [];
  const opens: boolean[] = [];
  const onUnauthorized = vi.fn();
  const onDrop = vi.fn();
  const sock = createOperatorSocket({
    url: 'ws://x/api/v1/operator/ws',
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    onFrame: (f) => frames.push(f),
    onOpen: (first) => opens.push(first),
    onUnauthorized,
    onDrop,
    setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as number,
    clearTimeout: (id) => clearTimeout(id),
  });
  return { sock, frames, opens, onUnauthorized, onDrop };
}

describe('operator socket', () => {
  it('passes valid frames on and ignores malformed or unknown ones', () => {
    const { frames } = setup();
    const ws = FakeSocket.all[0]!;
    ws.open();
    ws.receive({ type: OS.OperatorPresence, operatorId: 'op1', status: 'online', presence: 'away' });
    ws.receive('not json');
    ws.receive({ type: 'from.the.future' });
    ws.receive({ type: OS.OperatorPresence, operatorId: 'op1', status: 'sleeping' });
    expect(frames).toEqual([{ type: OS.OperatorPresence, operatorId: 'op1', status: 'online', presence: 'away' }]);
  });

  it('reconnects with backoff and says when it is a reconnection', () => {
    const { sock, opens, onDrop } = setup();
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.close(1006);
    expect(sock.status.value).toBe('offline');
    expect(onDrop).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.close(1006);
    vi.advanceTimersByTime(999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1001);
    expect(FakeSocket.all).toHaveLength(3);
    FakeSocket.all[2]!.open();
    expect(opens).toEqual([true, false]);
    expect(sock.status.value).toBe('open');
  });

  it('stops on a refused session and on destroy', () => {
    const { sock, onUnauthorized } = setup();
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.close(4401);
    expect(onUnauthorized).toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    sock.destroy();
  });

  it('pings while idle and drops a connection that stopped answering', () => {
    setup();
    const ws = FakeSocket.all[0]!;
    ws.open();
    vi.advanceTimersByTime(25_000);
    expect(JSON.parse(ws.sent.at(-1)!)).toMatchObject({ type: 'session.ping' });
    vi.advanceTimersByTime(10_000);
    expect(ws.readyState).toBe(3);
  });
});
