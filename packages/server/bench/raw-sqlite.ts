/**
 * The limit: what this disk does with the same SQL and no server around it. better-sqlite3 on a
 * freshly migrated Parley database (WAL, synchronous=FULL, like the server), visitor messages
 * written round-robin into `senders` open dialogs, first one transaction per message (the commit
 * latency), then 100 messages per transaction (the group-commit ceiling).
 *
 *   node --import tsx packages/server/bench/raw-sqlite.ts [seconds=3] [senders=1000]
 */
import { percentile, report } from './lib';
import { openRawDatabase } from './raw-writer';

const seconds = Number(process.argv[2] ?? 3);
const senders = Number(process.argv[3] ?? 1000);

const raw = await openRawDatabase(senders);
try {
  // One transaction per message: the latency of one durable commit.
  const commit: number[] = [];
  let end = performance.now() + seconds * 1000;
  let t0 = performance.now();
  let count = 0;
  while (performance.now() < end) {
    commit.push(raw.commit());
    count++;
  }
  const perTx1 = count / ((performance.now() - t0) / 1000);
  commit.sort((a, b) => a - b);

  // 100 per transaction.
  const batch = raw.db.transaction(() => {
    for (let i = 0; i < 100; i++) raw.one();
  });
  end = performance.now() + seconds * 1000;
  t0 = performance.now();
  count = 0;
  while (performance.now() < end) {
    batch();
    count += 100;
  }
  const perTx100 = count / ((performance.now() - t0) / 1000);
  report('raw.perTx1', perTx1, { unit: 'msg/s' });
  report('raw.commitP50', percentile(commit, 0.5), { unit: 'ms' });
  report('raw.perTx100', perTx100, { unit: 'msg/s' });
} finally {
  raw.close();
}
