/**
 * Durable, acked visitor messages through the visitor socket against a real server process on
 * loopback: 1, 10, 100 and 1000 visitors, each sending its next message as soon as the previous
 * one is acked (an ack means the message is on disk: SQLite WAL, fdatasync before the ack).
 *
 * Beside each latency it reports the bench client's own event-loop delay (client and server share
 * the 2 cores: an ack read late is a slow ack too) and the server's own view of the same acks (its
 * ack-latency histogram, frame in to ack out), so a tail can be placed on one side or the other.
 *
 *   node --import tsx packages/server/bench/messages.ts [seconds=5] [senders=1,10,100,1000]
 */
import { closedLoop, cpuMsOf, openSenders, paced, report, serverAckCounts, serverAckShare, sleep, startBenchServer, withLoopDelay, type Sender } from './lib';

const seconds = Number(process.argv[2] ?? 5);
const counts = (process.argv[3] ?? '1,10,100,1000').split(',').map(Number);
/** Quiet time before the paced phase, so it does not measure the end of the burst before it. */
const SETTLE_MS = 3000;

const srv = await startBenchServer({ env: { PARLEY_METRICS_OPEN: '1' } });

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
    const { result: r, lagP99, lagMax } = await withLoopDelay(() => closedLoop(senders, seconds * 1000));
    const cpuPerMessage = (cpuMsOf(pid) - cpu0) / r.acked;
    const own = process.cpuUsage(own0);
    const server = serverAckShare(acks0, await serverAckCounts(srv.url));
    report(`messages.s${n}.clientCpuMs`, (own.user + own.system) / 1000 / r.acked, { unit: 'ms CPU/msg (bench client)' });
    report(`messages.s${n}.perSecond`, r.perSecond, { unit: 'msg/s', acked: r.acked });
    report(`messages.s${n}.p50`, r.p50, { unit: 'ms' });
    report(`messages.s${n}.p99`, r.p99, { unit: 'ms', clientLagP99: round(lagP99), clientLagMax: round(lagMax), serverP99UnderMs: server.p99Under });
    report(`messages.s${n}.cpuMs`, cpuPerMessage, { unit: 'ms CPU/msg (server)' });
    // Right after the saturating burst: how long its end still weighs on people typing.
    if (n === 1000) await pacedPhase(senders, 'messages.pacedAfterBurst1000');
    for (const s of senders) s.close();
  }
} finally {
  await srv.stop();
}
