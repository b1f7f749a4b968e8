/** A WebSocket stand-in for unit tests (not part of any bundle). */
export class FakeWebSocket {
  static readonly OPEN = 1;
  static instances: FakeWebSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  sent: unknown[] = [];
  closed = false;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  /** Test side: the server accepts the connection. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  /** Test side: the server sends a frame. */
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  /** Test side: the connection drops. */
  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }
  static last(): FakeWebSocket {
    const ws = FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
    if (!ws) throw new Error('no socket');
    return ws;
  }
}

export function fakeEnv(online = true) {
  const listeners = new Map<string, Set<() => void>>();
  const env = {
    WebSocket: FakeWebSocket as unknown as { new (url: string): WebSocket; readonly OPEN: number },
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>),
    addEventListener: (type: string, fn: () => void) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)?.add(fn);
    },
    removeEventListener: (type: string, fn: () => void) => listeners.get(type)?.delete(fn),
    navigator: { onLine: online },
    fire(type: 'online' | 'offline') {
      env.navigator.onLine = type === 'online';
      for (const fn of listeners.get(type) ?? []) fn();
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
  return env;
}
