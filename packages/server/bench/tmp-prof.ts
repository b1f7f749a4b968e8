import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, freePort, OWNER_PASSWORD } from '../test/harness';
import { BENCH_LIMITS, closedLoop, openSenders } from './lib';
const n = Number(process.argv[2] ?? 1000);
const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'parley-prof-'));
const c = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/i11/prof', '--import', 'tsx', join(REPO_ROOT, 'packages/server/src/main.ts')], {
  cwd: REPO_ROOT, env: { ...process.env, PORT: String(port), PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'error', PARLEY_OWNER_PASSWORD: OWNER_PASSWORD,
    PARLEY_RATE_LIMITS: JSON.stringify(BENCH_LIMITS), PARLEY_STATIC: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((res) => c.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('running at')) res(); }));
const url = `http://127.0.0.1:${port}`;
const senders = await openSenders(url, n);
await Promise.all(senders.map((s) => s.send('first')));
const r = await closedLoop(senders, 8000);
console.log(r);
for (const s of senders) s.close();
c.kill('SIGINT');
await new Promise((res) => c.on('exit', res));
