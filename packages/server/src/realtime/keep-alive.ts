import type { WebSocket } from 'ws';

/**
 * Liveness of one socket: `beat()` is called periodically; a peer that did not answer the previous
 * ping with a pong is dropped (terminate fires 'close', which the connection cleans up after).
 */
export function keepAlive(ws: WebSocket): { beat(): void } {
  let alive = true;
  ws.on('pong', () => {
    alive = true;
  });
  return {
    beat() {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    },
  };
}
