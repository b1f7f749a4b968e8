/**
 * A server for the socket-memory benchmark, driven over stdin: `parley` (the real server, in this
 * process) or `bare` (a bare `ws` server answering each frame). On each line it runs a full GC
 * (node --expose-gc) and prints its RSS, so the benchmark compares live memory, not garbage.
 *
 *   node --expose-gc --import tsx packages/server/bench/socket-server.ts parley|bare
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { createServer } from '../src/app';
import { seedDemo } from '../src/seed';
import { OWNER_PASSWORD } from '../test/harness';
import { BENCH_HELLO, BENCH_LIMITS } from './lib';

const mode = process.argv[2];
let url: string;
let stop: () => Promise<void>;
if (mode === 'bare') {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => ws.send(data));
  });
  await new Promise<void>((r) => wss.on('listening', () => r()));
  const a = wss.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  stop = async () => wss.close();
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-sockets-'));
  const server = await createServer({ dataDir, port: 0, logLevel: 'silent', retentionJob: false, rateLimits: BENCH_LIMITS, hello: BENCH_HELLO });
  const creds = await seedDemo(server.ctx.db, dataDir, server.ctx.now(), OWNER_PASSWORD);
  if (creds.created) server.ctx.projects.changed(creds.project);
  url = await server.listen();
  stop = async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
console.log(`URL ${url}`);
process.stdin.on('data', (d) => {
  if (d.toString().trim() === 'stop') {
    void stop().then(() => process.exit(0));
    return;
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  console.log(`RSS ${process.memoryUsage().rss}`);
});
