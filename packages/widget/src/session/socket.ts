import { signal, type ReadonlySignal } from '../core/signals';
import { C, MAX_SERVER_FRAME_BYTES, isCallFrameType, type ClientFrameInput, type ServerFrame, type VisitorCallFrame } from '@parley/protocol';
import { checkServerFrame } from '../generated/validators-chat';
import { parse } from '../core/check';

/** `blocked`: the page's Content-Security-Policy forbids the socket; retrying cannot help. */
export type SocketStatus = 'idle' | 'connecting' | 'online' | 'offline' | 'stopped' | 'blocked';

/** The parts of `window` the socket uses (a fake in unit tests). */
export interface SocketEnv {
  WebSocket: { new (url: string): WebSocket; readonly OPEN: number };
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: never): void;
  addEventListener(type: 'online' | 'offline', fn: () => void): void;
  removeEventListener(type: 'online' | 'offline', fn: () => void): void;
  document?: Pick<Document, 'addEventListener' | 'removeEventListener'>;
  navigator: { onLine?: boolean };
}

export interface SocketOptions {
  url: string;
  /** Built at each connection: the token, cursor and identity may have changed. */
  hello(): Promise<ClientFrameInput>;
  onFrame(frame: ServerFrame): void;
  /** A call frame, not validated yet (the call chunk validates it). */
  onCall?(raw: unknown): void;
  /** The page's Content-Security-Policy forbids the socket. */
  onBlocked?(): void;
}

export interface Socket {
  status: ReadonlySignal<SocketStatus>;
  connect(): void;
  /** The session is established (welcome received): frames may flow and the backoff resets. */
  established(): void;
  send(frame: ClientFrameInput | VisitorCallFrame): boolean;
  /** Drops the connection and connects again at once (a gap in the sequence, a new identity). */
  reconnect(): void;
  /** No more reconnecting until connect() (fatal errors). */
  stop(): void;
  destroy(): void;
}

const PING_EVERY = 25_000;
const MAX_BACKOFF = 30_000;

/**
 * The visitor WebSocket: hello first, reconnect with exponential backoff and jitter, no attempts
 * while the browser is offline (the `online` event brings it back), and a ping so a silently dead
 * connection is noticed. Every timer and listener belongs to this object and goes on destroy().
 */
export function createSocket(env: SocketEnv, opts: SocketOptions): Socket {
  const status = signal<SocketStatus>('idle');
  let ws: WebSocket | null = null;
  let ready = false;
  let attempt = 0;
  let wanted = false;
  let retryTimer: unknown;
  let pingTimer: unknown;
  let lastFrameAt = 0;
  let now = 0; // advanced by the ping loop; only differences matter

  const clearTimers = () => {
    if (retryTimer !== undefined) env.clearTimeout(retryTimer as never);
    if (pingTimer !== undefined) env.clearTimeout(pingTimer as never);
    retryTimer = pingTimer = undefined;
  };

  const drop = () => {
    const old = ws;
    ws = null;
    ready = false;
    if (old) {
      old.onopen = old.onmessage = old.onclose = old.onerror = null;
      try {
        old.close(1000);
      } catch {
        // already closing
      }
    }
  };

  const schedule = () => {
    if (!wanted) return;
    if (env.navigator.onLine === false) {
      status.value = 'offline';
      return;
    }
    const base = Math.min(MAX_BACKOFF, 500 * 2 ** attempt);
    attempt++;
    status.value = 'connecting';
    retryTimer = env.setTimeout(
      () => {
        retryTimer = undefined;
        open();
      },
      base / 2 + Math.random() * (base / 2),
    );
  };

  const ping = () => {
    pingTimer = env.setTimeout(() => {
      now += PING_EVERY;
      // Two pings without any frame back: the connection is dead even if nobody told us.
      if (now - lastFrameAt > PING_EVERY * 2) {
        drop();
        schedule();
        return;
      }
      if (ready) send({ type: C.Ping });
      ping();
    }, PING_EVERY);
  };

  const open = () => {
    drop();
    clearTimers();
    if (!wanted) return;
    if (env.navigator.onLine === false) {
      status.value = 'offline';
      return;
    }
    status.value = 'connecting';
    let socket: WebSocket;
    try {
      socket = new env.WebSocket(opts.url);
    } catch (err) {
      if ((err as Error)?.name === 'SecurityError') return block();
      schedule();
      return;
    }
    ws = socket;
    socket.onopen = () => {
      void opts.hello().then((hello) => {
        if (ws === socket && socket.readyState === env.WebSocket.OPEN) socket.send(JSON.stringify(hello));
      });
    };
    socket.onmessage = (e: MessageEvent) => {
      if (ws !== socket || typeof e.data !== 'string') return;
      lastFrameAt = now;
      // Validated with the protocol schema; unknown or malformed frames are ignored (a newer
      // server may send more than we understand).
      let raw: unknown;
      try {
        raw = e.data.length <= MAX_SERVER_FRAME_BYTES ? JSON.parse(e.data) : null;
      } catch {
        return;
      }
      if (isCallFrameType((raw as { type?: unknown } | null)?.type)) return opts.onCall?.(raw);
      const r = parse(checkServerFrame, raw);
      if (r.ok) opts.onFrame(r.value);
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = null;
      ready = false;
      clearTimers();
      schedule();
    };
    socket.onerror = () => undefined;
  };

  /** Connecting is forbidden by the page (CSP connect-src): say so once, and stop trying. */
  const block = () => {
    if (status.value === 'blocked') return;
    wanted = false;
    drop();
    clearTimers();
    status.value = 'blocked';
    opts.onBlocked?.();
  };

  const send = (frame: ClientFrameInput | VisitorCallFrame): boolean => {
    if (!ws || !ready || ws.readyState !== env.WebSocket.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  };

  const onOnline = () => {
    if (wanted && !ws) {
      attempt = 0;
      open();
    }
  };
  const onOffline = () => {
    // Emulated or real, offline means our socket is useless; messages wait in the outbox.
    drop();
    clearTimers();
    if (wanted) status.value = 'offline';
  };
  // Browsers that do not throw on a CSP-blocked socket report it as a violation instead.
  const origin = new URL(opts.url).host;
  const onViolation = (e: Event) => {
    const uri = (e as SecurityPolicyViolationEvent).blockedURI;
    if (/^wss?:/.test(uri) && uri.includes(origin)) block();
  };
  env.addEventListener('online', onOnline);
  env.addEventListener('offline', onOffline);
  env.document?.addEventListener('securitypolicyviolation', onViolation);

  return {
    status,
    connect() {
      wanted = true;
      attempt = 0;
      open();
    },
    established() {
      ready = true;
      attempt = 0;
      status.value = 'online';
      if (pingTimer === undefined) ping();
    },
    send,
    reconnect() {
      if (!wanted) return;
      open();
    },
    stop() {
      wanted = false;
      drop();
      clearTimers();
      status.value = 'stopped';
    },
    destroy() {
      wanted = false;
      drop();
      clearTimers();
      env.removeEventListener('online', onOnline);
      env.removeEventListener('offline', onOffline);
      env.document?.removeEventListener('securitypolicyviolation', onViolation);
      status.value = 'stopped';
    },
  };
}
