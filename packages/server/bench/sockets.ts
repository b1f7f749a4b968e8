/**
 * Memory per idle visitor socket: the server's RSS growth (after a full GC) from 0 to n connected
 * visitors (hello answered, nothing else), next to a bare `ws` server holding the same number of
 * sockets (each sent one frame and got it back). Both servers run the same way (node --expose-gc
 * --import tsx, one warm-up round first).
 *
 *   node --import tsx packages/server/bench/sockets.ts [n=10000]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { REPO_ROOT } from '../test/harness';
import { openSender, report, sleep } from './lib';

const n = Number(process.argv[2] ?? 10000);
const PARALLEL = 100;
const WARM = 500;

async function measure(mode: 'parley' | 'bare'): Promise<number> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(REPO_ROOT, 'packages/server/bench/socket-server.ts'), mode], {
    cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'],
  });
  let buf = '';
  const waiters: ((line: string) => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      waiters.shift()?.(line);
    }
  });
  const next = () => new Promise<string>((r) => waiters.push(r));
  const url = (await next()).slice(4);
  const rss = async () => {
    child.stdin.write('rss\n');
    return Number((await next()).slice(4));
  };
  const hello = JSON.stringify({ type: 'session.hello', v: 1, project: 'demo', device: { type: 'desktop' } });
  const connect = (): Promise<{ close(): void }> => mode === 'parley'
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
  const before = await rss();
  const held = await open(n);
  await sleep(2000);
  const after = await rss();
  for (const s of held) s.close();
  child.stdin.write('stop\n');
  await new Promise((r) => child.on('exit', r));
  return (after - before) / n;
}

const bare = await measure('bare');
const parley = await measure('parley');
report('sockets.parley', parley / 1024, { unit: 'KB/socket', n });
report('sockets.bare', bare / 1024, { unit: 'KB/socket', n });
