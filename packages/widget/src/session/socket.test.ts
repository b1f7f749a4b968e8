import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { C, S } from '@parley/protocol';
import { createSocket } from './socket';
import { FakeWebSocket, fakeEnv } from './fake-socket';

const hello = { type: C.Hello, v: 1, project: 'demo', device: { type: 'desktop' } } as const;
const pong = { type: S.Pong, serverTime: 1 };

describe('createSocket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    FakeWebSocket.instances = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const setup = (online = true) => {
    const env = fakeEnv(online);
    const frames: unknown[] = [];
    const socket = createSocket(env, { url: 'wss://chat.example/ws', hello: async () => hello, onFrame: (f) => frames.push(f) });
    return { env, frames, socket };
  };

  it('sends hello first, holds other frames until established, and validates what it receives', async () => {
    const { socket, frames } = setup();
    socket.connect();
    const ws = FakeWebSocket.last();
    expect(ws.url).toBe('wss://chat.example/ws');
    ws.accept();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.sent).toEqual([hello]);
    expect(socket.send({ type: C.Ping })).toBe(false);
    socket.established();
    expect(socket.status.value).toBe('online');
    expect(socket.send({ type: C.Ping })).toBe(true);
    ws.receive(pong);
    ws.receive({ type: 'kaboom' });
    ws.onmessage?.({ data: '{not json' });
    expect(frames).toEqual([pong]);
  });

  it('reconnects with growing, jittered delays and resets after a welcome', async () => {
    const { socket } = setup();
    socket.connect();
    FakeWebSocket.last().drop();
    expect(socket.status.value).toBe('connecting');
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(375); // 500 * (0.5 + 0.5 * 0.5)
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.last().drop();
    await vi.advanceTimersByTimeAsync(749);
    expect(FakeWebSocket.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(3);
    FakeWebSocket.last().accept();
    socket.established();
    FakeWebSocket.last().drop();
    await vi.advanceTimersByTimeAsync(375);
    expect(FakeWebSocket.instances).toHaveLength(4);
  });

  it('waits for the online event instead of retrying while offline', async () => {
    const { socket, env } = setup(false);
    socket.connect();
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(socket.status.value).toBe('offline');
    env.fire('online');
    expect(FakeWebSocket.instances).toHaveLength(1);
    FakeWebSocket.last().accept();
    socket.established();
    env.fire('offline');
    expect(FakeWebSocket.last().closed).toBe(true);
    expect(socket.status.value).toBe('offline');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('pings while established and reconnects when nothing comes back', async () => {
    const { socket } = setup();
    socket.connect();
    const ws = FakeWebSocket.last();
    ws.accept();
    await vi.advanceTimersByTimeAsync(0);
    socket.established();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(ws.sent).toEqual([hello, { type: C.Ping }]);
    ws.receive(pong);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(ws.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(ws.closed).toBe(true);
  });

  it('stops for good on stop() and cleans everything on destroy()', async () => {
    const { socket, env } = setup();
    socket.connect();
    socket.stop();
    expect(FakeWebSocket.last().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    socket.destroy();
    expect(env.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
