import * as v from 'valibot';
import { OC, OperatorServerFrameSchema, isCallFrameType, type OperatorCallFrame, type OperatorClientFrame, type OperatorServerFrame } from '@parley/protocol';
import { backoffDelay } from '../lib/backoff';
import { signal } from '@preact/signals';

export type SocketStatus = 'connecting' | 'open' | 'offline';

export interface SocketDeps {
  url: string;
  WebSocket: typeof WebSocket;
  onFrame(frame: OperatorServerFrame): void;
  /** A call frame, not validated yet (the call chunk validates it). */
  onCall?(raw: unknown): void;
  /** After every (re)connection: refetch what may have been missed. `first` on the first one. */
  onOpen(first: boolean): void;
  /** The server refused the session (close code 4401/4403, or 1008): sign in again. */
  onUnauthorized(): void;
  /** The connection dropped (or the server ended it, e.g. 4001 after a role change): check the session. */
  onDrop(): void;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

const PING_MS = 25_000;
/** No frame at all for this long after a ping: the connection is dead even if the socket says open. */
const DEAD_MS = 10_000;

/** The one operator WebSocket: validated frames in, reconnect with backoff, keep-alive pings. */
export function createOperatorSocket(deps: SocketDeps) {
  const status = signal<SocketStatus>('connecting');
  let ws: WebSocket | null = null;
  let attempt = 0;
  let opened = false;
  let destroyed = false;
  let retry: number | null = null;
  let ping: number | null = null;
  let dead: number | null = null;

  function clear(id: number | null): null {
    if (id !== null) deps.clearTimeout(id);
    return null;
  }

  function schedulePing(): void {
    ping = clear(ping);
    ping = deps.setTimeout(() => {
      send({ type: OC.Ping, t: Date.now() });
      dead = clear(dead);
      dead = deps.setTimeout(() => ws?.close(4000, 'no pong'), DEAD_MS);
    }, PING_MS);
  }

  function connect(): void {
    if (destroyed) return;
    status.value = 'connecting';
    const sock = new deps.WebSocket(deps.url);
    ws = sock;
    sock.addEventListener('open', () => {
      if (ws !== sock) return;
      attempt = 0;
      status.value = 'open';
      const first = !opened;
      opened = true;
      schedulePing();
      deps.onOpen(first);
    });
    sock.addEventListener('message', (e) => {
      if (ws !== sock || typeof e.data !== 'string') return;
      dead = clear(dead);
      schedulePing();
      let raw: unknown;
      try {
        raw = JSON.parse(e.data);
      } catch {
        return;
      }
      if (isCallFrameType((raw as { type?: unknown } | null)?.type)) return deps.onCall?.(raw);
      const parsed = v.safeParse(OperatorServerFrameSchema, raw);
      // Unknown or malformed frames (a newer server) are ignored, never half-applied.
      if (parsed.success) deps.onFrame(parsed.output);
    });
    sock.addEventListener('close', (e) => {
      if (ws !== sock) return;
      ws = null;
      ping = clear(ping);
      dead = clear(dead);
      if (destroyed) return;
      if (e.code === 4401 || e.code === 4403 || e.code === 1008) {
        status.value = 'offline';
        deps.onUnauthorized();
        return;
      }
      status.value = 'offline';
      deps.onDrop();
      retry = deps.setTimeout(connect, backoffDelay(attempt++));
    });
  }

  function send(frame: OperatorClientFrame | OperatorCallFrame): boolean {
    if (!ws || ws.readyState !== 1) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  connect();
  return {
    status,
    send,
    /** Reconnect at once (e.g. the browser came back online). */
    reconnectNow(): void {
      if (ws || destroyed) return;
      retry = clear(retry);
      attempt = 0;
      connect();
    },
    destroy(): void {
      destroyed = true;
      retry = clear(retry);
      ping = clear(ping);
      dead = clear(dead);
      ws?.close(1000);
      ws = null;
    },
  };
}
export type OperatorSocket = ReturnType<typeof createOperatorSocket>;
