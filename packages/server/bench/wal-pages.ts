/**
 * What a visitor message costs the disk: the WAL frames (pages) its commits write, and which
 * tables and indexes they belong to. A real server on loopback, `senders` visitors in a closed loop
 * for a few seconds; a read transaction held open on the database file meanwhile keeps the WAL from
 * starting over, so every frame of the window is still in the file afterwards. Each commit writes
 * every page it dirtied once, so frames per message is the whole of the write path's WAL I/O.
 *
 *   node --import tsx packages/server/bench/wal-pages.ts [seconds=3] [senders=1,1000]
 */
import { join } from 'node:path';
import { framesSince, pageOwners, pinWal, walFrames } from '../test/wal-frames';
import { closedLoop, openSenders, report, startBenchServer } from './lib';

const seconds = Number(process.argv[2] ?? 3);
const counts = (process.argv[3] ?? '1,1000').split(',').map(Number);

const srv = await startBenchServer();
const dbFile = join(srv.dataDir, 'parley.db');
try {
  for (const n of counts) {
    const senders = await openSenders(srv.url, n);
    await Promise.all(senders.map((s) => s.send('hello, first message')));
    await closedLoop(senders, 500);
    const pin = pinWal(dbFile);
    const before = walFrames(`${dbFile}-wal`);
    const r = await closedLoop(senders, seconds * 1000);
    // Every acked message's commit is in the file: the ack leaves after its commit's fdatasync.
    const frames = framesSince(before, walFrames(`${dbFile}-wal`));
    pin.release();
    const commits = frames.filter((f) => f.commit).length;
    // One sender: one commit a message. Fewer means the WAL started over more than once (see pinWal).
    if (n === 1 && commits !== r.acked) console.log(`  (WAL frames lost: ${commits} commits for ${r.acked} messages)`);
    const owners = pageOwners(dbFile);
    const byObject = new Map<string, number>();
    for (const f of frames) {
      const name = owners.get(f.page) ?? '(free list)';
      byObject.set(name, (byObject.get(name) ?? 0) + 1);
    }
    report(`walPages.s${n}.framesPerMessage`, frames.length / r.acked, { unit: 'pages/msg', frames: frames.length, acked: r.acked, commits });
    report(`walPages.s${n}.messagesPerCommit`, r.acked / commits, { unit: 'msg/commit' });
    for (const [name, k] of [...byObject].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(32)} ${(k / r.acked).toFixed(3)} pages/msg (${k})`);
    for (const s of senders) s.close();
  }
} finally {
  await srv.stop();
}
