/**
 * Durable, acked visitor messages through the visitor socket against a real server process on
 * loopback: 1, 10, 100 and 1000 visitors, each sending its next message as soon as the previous
 * one is acked (an ack means the message is on disk: SQLite WAL, fdatasync before the ack).
 *
 * Beside each latency it reports the bench client's own event-loop delay (client and server share
 * the 2 cores: an ack read late is a slow ack too) and the server's own view of the same acks (its
 * ack-latency histogram, frame in to ack out), so a tail can be placed on one side or the other.
 *
 * One sender's ack is compared with one raw commit (raw-writer.ts: the same rows, synchronous=FULL,
 * the raw step's 1000 dialogs, same file system), measured here in alternating blocks: the
 * machine is shared and its load comes and goes within seconds, so the raw step's figure, taken
 * a minute before this phase, moved the ratio by more than the margin measured (2.27 and 4.1 in
 * two runs of the same code). Interleaved, a busy moment weighs on both sides alike.
 *
 *   node --import tsx packages/server/bench/messages.ts [seconds=5] [senders=1,10,100,1000]
 */
import {
  closedLoop,
  cpuMsOf,
  median,
  openSenders,
  paced,
  percentile,
  report,
  serverAckCounts,
  serverAckShare,
  sleep,
  startBenchServer,
  withLoopDelay,
  type LoadResult,
  type Sender,
} from './lib';
import { openRawDatabase, type RawDatabase } from './raw-writer';

const seconds = Number(process.argv[2] ?? 5);
const counts = (process.argv[3] ?? '1,10,100,1000').split(',').map(Number);
/** Quiet time before the paced phase, so it does not measure the end of the burst before it. */
const SETTLE_MS = 3000;

/** One sender's phase: this long a block, alternating with a block of raw commits. */
const BLOCK_MS = 250;

// Before the server starts: making it runs a server of its own to migrate it.
// The same database as the raw step's (1000 dialogs written round-robin), so the figure means
// what it meant; with one dialog a raw commit is ~10% cheaper (fewer pages: 15.2 a commit, 17.7).
const raw: RawDatabase | null = counts.includes(1) ? await openRawDatabase(1000) : null;
const srv = await startBenchServer({ env: { PARLEY_METRICS_OPEN: '1' } }).catch((err: unknown) => {
  raw?.close();
  throw err;
});

/** The same 1000 visitors typing like people: one message a second each, start times spread evenly. */
async function pacedPhase(senders: Sender[], key: string): Promise<void> {
  const before = await serverAckCounts(srv.url);
  const { result: p, lagP99, lagMax } = await withLoopDelay(() => paced(senders, 1000, seconds * 1000));
  const server = serverAckShare(before, await serverAckCounts(srv.url));
  report(`${key}.perSecond`, p.perSecond, { unit: 'msg/s', acked: p.acked });
  report(`${key}.p50`, p.p50, { unit: 'ms' });
  report(`${key}.p99`, p.p99, {
    unit: 'ms',
    clientLagP99: round(lagP99),
    clientLagMax: round(lagMax),
    serverWithin50ms: round(server.within50, 3),
    serverP99UnderMs: server.p99Under,
  });
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * One sender for `ms` of its own time, in blocks, each followed by a block of raw commits of the
 * same length (the server is idle meanwhile). Latencies and rates count the sender's blocks only;
 * the raw commits yield to the event loop between them, so nothing of the client waits long.
 */
async function interleaved(
  senders: Sender[],
  db: RawDatabase,
  ms: number,
): Promise<{ result: LoadResult; raw: number[]; blockRatio: number; lagP99: number; lagMax: number; clientCpuUs: number }> {
  const latencies: number[] = [];
  const rawCommits: number[] = [];
  const ratios: number[] = [];
  let busy = 0;
  let lagP99 = 0;
  let lagMax = 0;
  let clientCpuUs = 0;
  for (let done = 0; done < ms; done += BLOCK_MS) {
    const cpu0 = process.cpuUsage();
    const block = await withLoopDelay(() => closedLoop(senders, BLOCK_MS));
    const cpu = process.cpuUsage(cpu0);
    clientCpuUs += cpu.user + cpu.system;
    const r = block.result;
    busy += r.acked / r.perSecond;
    lagP99 = Math.max(lagP99, block.lagP99);
    lagMax = Math.max(lagMax, block.lagMax);
    latencies.push(...(r.latencies ?? []));
    const end = performance.now() + BLOCK_MS;
    const commits: number[] = [];
    while (performance.now() < end) {
      commits.push(db.commit());
      await new Promise<void>((res) => setImmediate(res));
    }
    rawCommits.push(...commits);
    ratios.push(r.p50 / median(commits));
  }
  latencies.sort((a, b) => a - b);
  rawCommits.sort((a, b) => a - b);
  const result = { perSecond: latencies.length / busy, acked: latencies.length, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), latencies };
  return { result, raw: rawCommits, blockRatio: median(ratios), lagP99, lagMax, clientCpuUs };
}

try {
  for (const n of counts) {
    const senders = await openSenders(srv.url, n);
    // Warm-up: each visitor's first message opens its dialog; then a second of steady load.
    await Promise.all(senders.map((s) => s.send('hello, first message')));
    await closedLoop(senders, 1000);
    if (n === 1000) {
      await sleep(SETTLE_MS);
      await pacedPhase(senders, 'messages.paced1000');
    }
    const pid = srv.pid() as number;
    const cpu0 = cpuMsOf(pid);
    const own0 = process.cpuUsage();
    const acks0 = await serverAckCounts(srv.url);
    const one = n === 1 && raw ? await interleaved(senders, raw, seconds * 1000) : null;
    const { result: r, lagP99, lagMax } = one ?? (await withLoopDelay(() => closedLoop(senders, seconds * 1000)));
    const cpuPerMessage = (cpuMsOf(pid) - cpu0) / r.acked;
    const own = process.cpuUsage(own0);
    const server = serverAckShare(acks0, await serverAckCounts(srv.url));
    // The raw commits between the one sender's blocks are not the client's cost.
    const clientUs = one ? one.clientCpuUs : own.user + own.system;
    report(`messages.s${n}.clientCpuMs`, clientUs / 1000 / r.acked, { unit: 'ms CPU/msg (bench client)' });
    report(`messages.s${n}.perSecond`, r.perSecond, { unit: 'msg/s', acked: r.acked });
    report(`messages.s${n}.p50`, r.p50, { unit: 'ms' });
    report(`messages.s${n}.p99`, r.p99, { unit: 'ms', clientLagP99: round(lagP99), clientLagMax: round(lagMax), serverP99UnderMs: server.p99Under });
    report(`messages.s${n}.cpuMs`, cpuPerMessage, { unit: 'ms CPU/msg (server)' });
    if (one) {
      // blockRatioP50: the median over block pairs of (sender's p50 ÷ the next raw block's p50).
      report('messages.s1.rawCommitP50', percentile(one.raw, 0.5), {
        unit: 'ms',
        commits: one.raw.length,
        blockMs: BLOCK_MS,
        blockRatioP50: round(one.blockRatio, 2),
      });
    }
    // Right after the saturating burst: how long its end still weighs on people typing.
    if (n === 1000) await pacedPhase(senders, 'messages.pacedAfterBurst1000');
    for (const s of senders) s.close();
  }
} finally {
  await srv.stop();
  raw?.close();
}
