/**
 * Durable, acked visitor messages through the visitor socket against a real server process on
 * loopback: 1, 10, 100 and 1000 visitors, each sending its next message as soon as the previous
 * one is acked (an ack means the message is on disk: SQLite WAL, synchronous=FULL).
 *
 *   node --import tsx packages/server/bench/messages.ts [seconds=5] [senders=1,10,100,1000]
 */
import { closedLoop, cpuMsOf, openSenders, paced, report, startBenchServer } from './lib';

const seconds = Number(process.argv[2] ?? 5);
const counts = (process.argv[3] ?? '1,10,100,1000').split(',').map(Number);

const srv = await startBenchServer();
try {
  for (const n of counts) {
    const senders = await openSenders(srv.url, n);
    // Warm-up: each visitor's first message opens its dialog; then a second of steady load.
    await Promise.all(senders.map((s) => s.send('hello, first message')));
    await closedLoop(senders, 1000);
    const pid = srv.pid() as number;
    const cpu0 = cpuMsOf(pid);
    const own0 = process.cpuUsage();
    const r = await closedLoop(senders, seconds * 1000);
    const cpuPerMessage = (cpuMsOf(pid) - cpu0) / r.acked;
    const own = process.cpuUsage(own0);
    report(`messages.s${n}.clientCpuMs`, (own.user + own.system) / 1000 / r.acked, { unit: 'ms CPU/msg (bench client)' });
    report(`messages.s${n}.perSecond`, r.perSecond, { unit: 'msg/s', acked: r.acked });
    report(`messages.s${n}.p50`, r.p50, { unit: 'ms' });
    report(`messages.s${n}.p99`, r.p99, { unit: 'ms' });
    report(`messages.s${n}.cpuMs`, cpuPerMessage, { unit: 'ms CPU/msg (server)' });
    if (n === 1000) {
      // The same 1000 visitors typing like people: one message a second each.
      const p = await paced(senders, 1000, seconds * 1000);
      report('messages.paced1000.perSecond', p.perSecond, { unit: 'msg/s', acked: p.acked });
      report('messages.paced1000.p50', p.p50, { unit: 'ms' });
      report('messages.paced1000.p99', p.p99, { unit: 'ms' });
    }
    for (const s of senders) s.close();
  }
} finally {
  await srv.stop();
}
