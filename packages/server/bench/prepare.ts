/**
 * Seeds the benchmark data sets into `<dir>/d1k` and `<dir>/d100k` (1,000 and 100,000 dialogs,
 * about 3.5 messages each). Bounded: the runner gives it a time limit.
 *
 *   node --import tsx packages/server/bench/prepare.ts <dir>
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { seedDataset } from './dataset';
import { report } from './lib';

const dir = process.argv[2];
if (!dir) throw new Error('usage: prepare.ts <dir>');
for (const [label, dialogs] of [
  ['d1k', 1_000],
  ['d100k', 100_000],
] as const) {
  const dataDir = join(dir, label);
  mkdirSync(dataDir, { recursive: true });
  const info = await seedDataset(dataDir, dialogs);
  report(`dataset.${label}.messages`, info.messages, { dialogs: info.dialogs, seconds: Math.round(info.seconds) });
}
