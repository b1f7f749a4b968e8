/**
 * Messages per second through the visitor socket, each acked after a durable write (SQLite WAL,
 * synchronous=FULL), on loopback against a real server process.
 *
 *   tsx packages/server/bench/messages.ts [count=2000] [window=100]
 *
 * `window` = how many messages may be unacknowledged at once (1 = strictly one at a time).
 * Prints one JSON line per scenario, so scripts/bench.ts can collect it.
 */
import { openVisitorSocket, parseFrame, startServer } from '../test/harness';

async function scenario(url: string, count: number, window: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const v = await openVisitorSocket(url);
  await v.welcome;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let next = 0;
  let acked = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (next < count && next - acked < window) {
        const id = `bench-${window}-${next.toString().padStart(6, '0')}`;
        sentAt.set(id, performance.now());
        v.send({ type: 'message.send', clientId: id, text: `bench message ${next}` });
        next++;
      }
    };
    v.ws.on('message', (d) => {
      const f = parseFrame(d);
      if (f.type !== 'message.ack') return;
      latencies.push(performance.now() - (sentAt.get(f.clientId) ?? 0));
      acked++;
      if (acked === count) resolve();
      else pump();
    });
    pump();
  });
  const seconds = (performance.now() - started) / 1000;
  await v.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 100) / 100;
  return { perSecond: Math.round(count / seconds), p50: pct(0.5), p99: pct(0.99) };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  const window = Number(process.argv[3] ?? 100);
  const srv = await startServer();
  try {
    for (const w of [1, window]) {
      const r = await scenario(srv.url, count, w);
      console.log(JSON.stringify({ bench: 'server.messages', count, window: w, messagesPerSecond: r.perSecond, ackLatencyMs: { p50: r.p50, p99: r.p99 } }));
    }
  } finally {
    await srv.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
