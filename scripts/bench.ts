/**
 * `npm run bench`: speed and memory, kept out of the test suite (timings vary; tests don't).
 * Runs every benchmark script below in its own process, bounded in count and time, against
 * 127.0.0.1 only, and prints their JSON result lines. Add a benchmark by adding it to BENCHES.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const BENCHES: { name: string; script: string; args: string[]; needsBuild?: boolean }[] = [
  { name: 'server: durable messages/s through the visitor socket', script: 'packages/server/bench/messages.ts', args: ['2000', '100'] },
  { name: 'widget: cold load on the paste-tag page (Chromium)', script: 'test/bench/widget-load.ts', args: ['10'], needsBuild: true },
  { name: 'widget: launcher first paint on a foreign page, 4x CPU, mobile network (Chromium), next to the one-round-trip limit', script: 'test/bench/widget-first-paint.ts', args: ['7'], needsBuild: true },
];

let failed = 0;
for (const b of BENCHES) {
  const file = join(ROOT, b.script);
  if (!existsSync(file)) continue;
  if (b.needsBuild && !existsSync(join(ROOT, 'dist/widget.js'))) {
    console.log(`# ${b.name}: skipped, run \`npm run build\` first`);
    continue;
  }
  console.log(`# ${b.name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...b.args], { cwd: ROOT, stdio: 'inherit', timeout: 10 * 60_000 });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
