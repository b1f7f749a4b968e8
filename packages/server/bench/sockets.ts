/**
 * Memory per idle visitor socket: the server's RSS growth per connected visitor (hello answered,
 * nothing else), next to a bare `ws` server holding the same number of sockets. Measured as the
 * slope between n/2 and n sockets, so start-up memory cancels out.
 *
 *   node --import tsx packages/server/bench/sockets.ts [n=10000]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { REPO_ROOT } from '../test/harness';
import { openSender, report, rssOf, sleep, startBenchServer, type Sender } from './lib';

const n = Number(process.argv[2] ?? 10000);
const PARALLEL = 100;

async function slope(pid: number, connect: () => Promise<{ close(): void }>): Promise<number> {
  const held: { close(): void }[] = [];
  const fill = async (upto: number) => {
    while (held.length < upto) {
      held.push(...(await Promise.all(Array.from({ length: Math.min(PARALLEL, upto - held.length) }, connect))));
    }
    await sleep(3000);
  };
  await fill(n / 2);
  const a = rssOf(pid);
  await fill(n);
  const b = rssOf(pid);
  for (const s of held) s.close();
  return (b - a) / (n / 2);
}

// The bare ws server: sockets that send one frame and get it echoed.
const bare = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'packages/server/bench/bare-ws.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((res) => {
  bare.stdout.on('data', (d: Buffer) => {
    const m = /port (\d+)/.exec(d.toString());
    if (m) res(Number(m[1]));
  });
});
const hello = JSON.stringify({ type: 'session.hello', v: 1, project: 'demo', device: { type: 'desktop' } });
const bareBytes = await slope(bare.pid as number, () => new Promise((resolve, reject) => {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
  ws.once('open', () => ws.send(hello));
  ws.once('message', () => resolve({ close: () => ws.terminate() }));
  ws.once('error', reject);
}));
bare.kill('SIGTERM');

const srv = await startBenchServer();
let parleyBytes = 0;
try {
  parleyBytes = await slope(srv.pid() as number, async (): Promise<Sender> => openSender(srv.url));
} finally {
  await srv.stop();
}
report('sockets.parley', parleyBytes / 1024, { unit: 'KB/socket', n });
report('sockets.bare', bareBytes / 1024, { unit: 'KB/socket', n });
