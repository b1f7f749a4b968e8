/**
 * Memory per idle visitor socket: the slope of the server's RSS (after a full GC) over 4 points
 * from n/4 to n connected visitors (hello answered, nothing else; a least-squares fit, so the
 * heap's step-wise growth averages out), next to a bare `ws` server holding the same sockets (each
 * sent one frame and got it back). Both run the same way (node --expose-gc --import tsx, a
 * warm-up round first).
 *
 *   node --import tsx packages/server/bench/sockets.ts [n=10000]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { REPO_ROOT } from '../test/harness';
import { openSender, report, sleep } from './lib';

const n = Number(process.argv[2] ?? 10000);
const PARALLEL = 100;
const WARM = 500;

async function measure(mode: 'parley' | 'bare'): Promise<number> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(REPO_ROOT, 'packages/server/bench/socket-server.ts'), mode], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // The server goes with this script, also when a failure ends it early.
  const stop = () => child.kill('SIGKILL');
  process.once('exit', stop);
  const waiters: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiters.shift()?.(line));
  const next = () => new Promise<string>((r) => waiters.push(r));
  const url = (await next()).slice(4);
  const rss = async () => {
    child.stdin.write('rss\n');
    return Number((await next()).slice(4));
  };
  const hello = JSON.stringify({ type: 'session.hello', v: 1, project: 'demo', device: { type: 'desktop' } });
  const connect = (): Promise<{ close(): void }> =>
    mode === 'parley'
      ? openSender(url)
      : new Promise((resolve, reject) => {
          const ws = new WebSocket(`${url.replace('http', 'ws')}/`, { perMessageDeflate: false });
          ws.once('open', () => ws.send(hello));
          ws.once('message', () => resolve({ close: () => ws.terminate() }));
          ws.once('error', reject);
        });
  const open = async (count: number) => {
    const held: { close(): void }[] = [];
    while (held.length < count) held.push(...(await Promise.all(Array.from({ length: Math.min(PARALLEL, count - held.length) }, connect))));
    return held;
  };
  // Warm-up: code paths compiled, pools and caches filled, then closed again.
  for (const s of await open(WARM)) s.close();
  await sleep(1000);
  const held: { close(): void }[] = [];
  const points: [number, number][] = [];
  for (let k = 1; k <= 4; k++) {
    held.push(...(await open((n * k) / 4 - held.length)));
    await sleep(1500);
    points.push([held.length, await rss()]);
  }
  for (const s of held) s.close();
  child.stdin.write('stop\n');
  await new Promise((r) => child.on('exit', r));
  process.off('exit', stop);
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  return points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
}

const bare = await measure('bare');
const parley = await measure('parley');
report('sockets.parley', parley / 1024, { unit: 'KB/socket', n });
report('sockets.bare', bare / 1024, { unit: 'KB/socket', n });
