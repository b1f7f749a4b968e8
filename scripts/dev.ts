/**
 * `npm run dev`: the bundles rebuilt on every change (rollup --watch; unminified, see WATCH in
 * build/rollup-common.ts) and the server restarted on every change of its code (tsx watch), in demo
 * mode on ./data like `npm start`. Reload the page to see a change. Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);

const children: ChildProcess[] = [
  spawn(bin('rollup'), ['-c', 'rollup.config.ts', '--configPlugin', "typescript={tsconfig:'tsconfig.rollup.json'}", '--watch', '--no-watch.clearScreen'], {
    cwd: ROOT,
    stdio: 'inherit',
  }),
  spawn(bin('tsx'), ['watch', '--clear-screen=false', join(ROOT, 'packages/server/src/main.ts')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { PARLEY_DEMO: '1', ...process.env },
  }),
];

let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exitCode = code;
};
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => stop(0));
// One of them gave up (a broken config, a crash outside watch mode): stop the other too.
for (const c of children) c.on('exit', (code) => stop(code ?? 1));
