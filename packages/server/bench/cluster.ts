/**
 * Many nodes (issue 12): two nodes on PostgreSQL + Redis next to one node on PostgreSQL and one on
 * SQLite, in the same run, each with the same visitors sending durable, acked messages.
 *
 * - throughput: `senders` visitors in a closed loop (spread evenly over the nodes of a setup);
 * - cross-node delivery: every message a visitor on node A sends carries its send time; an
 *   operator console on node B notes when the `message.new` event arrives (send → seen on B);
 *   measured at saturation (the closed loop) and at human pace (each visitor 1 msg/s);
 * - sockets held per node (the nodes' own `parley_visitor_sockets` gauge);
 * - CPU per acked message: each node process, and PostgreSQL's processes together.
 *
 * It starts its own throwaway PostgreSQL cluster (fsync on: an ack means on disk, as SQLite's
 * synchronous=FULL) and redis-server on free ports, runs the setups one after the other (never
 * at once: they share the CPU) and removes everything at the end.
 *
 *   node --import tsx packages/server/bench/cluster.ts [seconds=5] [senders=1000]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { loginOperator, openOperatorSocket, sharedFilesDir, type RunningServer } from '../test/harness';
import { createTemplate, createTestDatabase, startPgCluster, type PgCluster } from '../test/pg-cluster';
import { startRedis, type TestRedis } from '../test/redis-server';
import { closedLoop, cpuMsOf, openSenders, paced, percentile, report, startBenchServer, type Sender } from './lib';

const seconds = Number(process.argv[2] ?? 5);
const senderCount = Number(process.argv[3] ?? 1000);

/** CPU ms used so far by the PostgreSQL server: the postmaster and its backends. */
function pgCpuMs(cluster: PgCluster): number {
  const postmaster = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuMsOf(postmaster);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += cpuMsOf(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function visitorSockets(node: RunningServer): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  const m = /^parley_visitor_sockets (\d+)/m.exec(text);
  return m ? Number(m[1]) : NaN;
}

/** Text carrying its send time (this process's clock), read back by the console on node B. */
const stamped = () => `at ${performance.now().toFixed(3)}`;

/** Watches one operator socket: the send → arrival time of every stamped visitor message. */
function watchDeliveries(ws: WebSocket, from: Set<string>) {
  let seen: number[] = [];
  ws.on('message', (data) => {
    const now = performance.now();
    const s = (data as Buffer).toString();
    if (!s.startsWith('{"type":"dialog.event"')) return;
    const f = JSON.parse(s) as { dialogId: string; event: { type: string; message?: { text?: string; from?: string } } };
    if (f.event.type !== 'message.new' || !from.has(f.dialogId)) return;
    const m = /^at (\d+\.\d+)$/.exec(f.event.message?.text ?? '');
    if (m) seen.push(now - Number(m[1]));
  });
  return {
    take(): { n: number; p50: number; p99: number } {
      const xs = seen.sort((a, b) => a - b);
      seen = [];
      return { n: xs.length, p50: percentile(xs, 0.5), p99: percentile(xs, 0.99) };
    },
  };
}

interface Setup {
  key: string;
  label: string;
  nodes: number;
  env: Record<string, string>;
  pg: boolean;
}

let pg: PgCluster | undefined;
let redis: TestRedis | undefined;
const running: RunningServer[] = [];
const files = sharedFilesDir();
try {
  pg = await startPgCluster({ durable: true });
  await createTemplate(pg.base);
  redis = await startRedis();
  const single = await createTestDatabase(pg.base);
  const pair = await createTestDatabase(pg.base);
  const setups: Setup[] = [
    { key: 'sqlite1', label: 'one node, SQLite', nodes: 1, env: {}, pg: false },
    { key: 'pg1', label: 'one node, PostgreSQL', nodes: 1, env: { DATABASE_URL: single.url }, pg: true },
    {
      key: 'pg2',
      label: 'two nodes, PostgreSQL + Redis',
      nodes: 2,
      env: { DATABASE_URL: pair.url, REDIS_URL: redis.url, PARLEY_FILES_DIR: files.dir },
      pg: true,
    },
  ];
  for (const setup of setups) {
    console.log(`${setup.label}: starting`);
    const nodes: RunningServer[] = [];
    // One after the other: the first node migrates and seeds, the second finds it done.
    for (let i = 0; i < setup.nodes; i++) nodes.push(await startBenchServer({ env: { ...setup.env, PARLEY_METRICS_OPEN: '1' } }));
    running.push(...nodes);
    const perNode = nodes.map((n, i) => Math.floor(senderCount / nodes.length) + (i < senderCount % nodes.length ? 1 : 0));
    const groups: Sender[][] = [];
    for (const [i, n] of nodes.entries()) groups.push(await openSenders(n.url, perNode[i] as number));
    const senders = groups.flat();
    // The console sits on the last node; the visitors of the first node are the ones it times.
    const console_ = nodes[nodes.length - 1] as RunningServer;
    const owner = await loginOperator(console_.url, console_.ownerEmail, console_.ownerPassword);
    const ops = await openOperatorSocket(console_.url, owner);
    await ops.next('session.welcome');
    // Warm-up: each visitor's first message opens its dialog; the acks name the dialogs.
    const fromA = new Set<string>();
    await Promise.all(
      (groups[0] as Sender[]).map(async (s) => {
        const ws = s.ws;
        const dialog = new Promise<string>((res) =>
          ws.on('message', function onAck(d) {
            const t = (d as Buffer).toString();
            if (t.startsWith('{"type":"message.ack"')) {
              ws.off('message', onAck);
              res((JSON.parse(t) as { dialogId: string }).dialogId);
            }
          }),
        );
        await s.send('hello, first message');
        fromA.add(await dialog);
      }),
    );
    await Promise.all(
      groups
        .slice(1)
        .flat()
        .map((s) => s.send('hello, first message')),
    );
    const deliveries = watchDeliveries(ops.ws, fromA);
    await closedLoop(senders, 1000, stamped);
    deliveries.take();

    const sockets = await Promise.all(nodes.map(visitorSockets));
    const pids = nodes.map((n) => n.pid() as number);
    const cpu0 = pids.map(cpuMsOf);
    const pg0 = setup.pg ? pgCpuMs(pg) : 0;
    const r = await closedLoop(senders, seconds * 1000, stamped);
    const cpuPerNode = pids.map((p, i) => (cpuMsOf(p) - (cpu0[i] as number)) / r.acked);
    const pgCpu = setup.pg ? (pgCpuMs(pg) - pg0) / r.acked : undefined;
    // Let the last sends reach the console before reading its times.
    await new Promise((res) => setTimeout(res, 500));
    const saturated = deliveries.take();

    const k = `cluster.${setup.key}`;
    report(`${k}.perSecond`, r.perSecond, { unit: 'msg/s', acked: r.acked, senders: senders.length, nodes: nodes.length });
    report(`${k}.ackP50`, r.p50, { unit: 'ms' });
    report(`${k}.ackP99`, r.p99, { unit: 'ms' });
    report(
      `${k}.cpuMs`,
      cpuPerNode.reduce((a, b) => a + b, 0),
      { unit: 'ms CPU/msg (all nodes)', perNode: cpuPerNode.map((c) => Math.round(c * 1000) / 1000) },
    );
    if (pgCpu !== undefined) report(`${k}.pgCpuMs`, pgCpu, { unit: 'ms CPU/msg (PostgreSQL)' });
    report(`${k}.sockets`, Math.max(...sockets), { unit: 'visitor sockets on the busiest node', perNode: sockets });
    report(`${k}.deliverySatP50`, saturated.p50, { unit: 'ms', delivered: saturated.n, cross: nodes.length > 1 });
    report(`${k}.deliverySatP99`, saturated.p99, { unit: 'ms' });

    // The same visitors at one message a second each: delivery at a load people make.
    const p = await paced(senders, 1000, seconds * 1000, stamped);
    await new Promise((res) => setTimeout(res, 500));
    const human = deliveries.take();
    report(`${k}.pacedPerSecond`, p.perSecond, { unit: 'msg/s', acked: p.acked });
    report(`${k}.pacedAckP99`, p.p99, { unit: 'ms' });
    report(`${k}.deliveryP50`, human.p50, { unit: 'ms', delivered: human.n, cross: nodes.length > 1 });
    report(`${k}.deliveryP99`, human.p99, { unit: 'ms' });

    for (const s of senders) s.close();
    await ops.close();
    await Promise.all(nodes.map((n) => n.stop()));
    running.length = 0;
  }
} finally {
  await Promise.all(running.map((n) => n.stop()));
  await redis?.destroy();
  pg?.destroy();
  files.remove();
}
