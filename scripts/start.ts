/**
 * `npm start`: rebuild the browser bundles when a source is newer than them, then run the
 * reference server in demo mode on an embedded SQLite file in ./data.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTPUTS = ['dist/widget.js', 'dist/multiwidget.js', 'dist/console/index.html'];
const SOURCES = [
  'packages/protocol/src',
  'packages/widget/src',
  'packages/multiwidget/src',
  'packages/console/src',
  'packages/widget/rollup.parts.ts',
  'packages/multiwidget/rollup.parts.ts',
  'packages/console/rollup.parts.ts',
  'build',
  'rollup.config.ts',
  'package-lock.json',
];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function bundlesStale(root = ROOT): boolean {
  const outputs = OUTPUTS.map((f) => join(root, f));
  if (outputs.some((f) => !existsSync(f))) return true;
  const oldestOutput = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const newestSource = Math.max(
    ...SOURCES.map((s) => join(root, s))
      .filter(existsSync)
      .map(newestMtime),
  );
  return newestSource > oldestOutput;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (bundlesStale()) {
    console.log('parley: bundles are missing or older than their sources; building…');
    // The browser bundles only: the demo runs the server from its sources (tsx).
    const build = spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, PARLEY_ONLY: 'widget,multiwidget,console' },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/server/src/main.ts')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { PARLEY_DEMO: '1', ...process.env },
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.kill(sig));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
