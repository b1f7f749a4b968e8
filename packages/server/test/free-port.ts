import { createServer as createNetServer } from 'node:net';

/** A free TCP port on loopback (its own module: harness.ts and pg-cluster.ts both need it). */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}
