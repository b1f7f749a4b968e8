/**
 * Many nodes (issue 12): two nodes on PostgreSQL + Redis next to one node on PostgreSQL and one on
 * SQLite, in the same run, each with the same visitors sending durable, acked messages.
 *
 * - throughput: `senders` visitors in a closed loop (spread evenly over the nodes of a setup);
 * - cross-node delivery: every message a visitor on node A sends carries its send time; an
 *   operator console on node B notes when the `message.new` event arrives (send → seen on B);
 *   measured at saturation (the closed loop), at 1 msg/s per visitor (833/s: above what one
 *   PostgreSQL node acks, so that figure is queueing), and at a load the setup carries (`share`
 *   of its own closed-loop throughput, paced), where a visitor on B → the console on B (same
 *   node) is measured beside it and the time after the ack (publish → Redis → B → socket) apart;
 * - sockets held per node (the nodes' own `parley_visitor_sockets` gauge);
 * - CPU per acked message: each node process, and PostgreSQL's processes together.
 *
 * It starts its own throwaway PostgreSQL cluster (fsync on: an ack means on disk, as SQLite's
 * synchronous=FULL) and redis-server on free ports, runs the setups one after the other (never
 * at once: they share the CPU) and removes everything at the end.
 *
 *   node --import tsx packages/server/bench/cluster.ts [seconds=5] [senders=1000] [share=0.5]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { loginOperator, openOperatorSocket, sharedFilesDir, type RunningServer } from '../test/harness';
import { createTemplate, createTestDatabase, startPgCluster, type PgCluster } from '../test/pg-cluster';
import { startRedis, type TestRedis } from '../test/redis-server';
import { closedLoop, cpuMsOf, openSenders, paced, percentile, report, startBenchServer, type Sender } from './lib';

const seconds = Number(process.argv[2] ?? 5);
const senderCount = Number(process.argv[3] ?? 1000);
/** The share of a setup's measured closed-loop throughput its "carried" paced load runs at. */
const CARRIED = Number(process.argv[4] ?? 0.5);

/** CPU ms used so far by the PostgreSQL server: the postmaster and its backends. */
function pgCpuMs(cluster: PgCluster): number {
  const postmaster = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  // Its own time and that of the backends it has reaped (cutime + cstime: a pooled connection that
  // closed during the phase), then the live ones.
  const stat = readFileSync(`/proc/${postmaster}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  let total = cpuMsOf(postmaster) + (Number(f[13]) + Number(f[14])) * 10;
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

/** The sums and counts of a node's group-commit histograms (PostgreSQL nodes; empty on SQLite). */
async function groupSums(node: RunningServer): Promise<Map<string, number>> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^(parley_write_(?:wait_seconds|group_seconds|group_jobs)_(?:sum|count))(?:\{stage="(\w+)"\})? (\S+)$/gm)) {
    out.set(m[2] ? `${m[1]}.${m[2]}` : (m[1] as string), Number(m[3]));
  }
  // Event-loop delay since the last scrape (prom-client resets its histogram at each).
  for (const m of text.matchAll(/^(nodejs_eventloop_lag_(?:mean|p99)_seconds) (\S+)$/gm)) out.set(m[1] as string, Number(m[2]));
  return out;
}

/** Where node A's write time went between two `groupSums`: mean wait per job, mean stages and jobs per group. */
function groupLine(label: string, before: Map<string, number>, after: Map<string, number>): string {
  const d = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
  const groups = d('parley_write_group_jobs_count');
  if (groups === 0) return `${label}: no group commits`;
  const ms = (k: string) => ((d(`parley_write_group_seconds_sum.${k}`) / groups) * 1000).toFixed(2);
  const wait = (d('parley_write_wait_seconds_sum') / d('parley_write_wait_seconds_count')) * 1000;
  return (
    `${label}: ${groups} groups, ${(d('parley_write_group_jobs_sum') / groups).toFixed(1)} jobs each; ` +
    `mean wait for a group ${wait.toFixed(1)} ms; per group: connect ${ms('connect')} ms, jobs ${ms('jobs')} ms, commit ${ms('commit')} ms; ` +
    `event-loop delay mean ${((after.get('nodejs_eventloop_lag_mean_seconds') ?? NaN) * 1000).toFixed(1)} ms, p99 ${((after.get('nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000).toFixed(1)} ms`
  );
}

/** Text carrying its send time (this process's clock), read back by the console on node B. */
const stamped = () => `at ${performance.now().toFixed(3)}`;

/**
 * Watches one operator socket: the send → arrival time of every stamped visitor message, kept
 * apart by where the visitor sits (`cross`: dialogs of node A's visitors, `same`: of node B's,
 * the console's own node), and the part after the sender's ack (`acks`: stamp → ack time on A;
 * commit and ack happen together, so arrival − ack is publish, Redis, node B and its socket).
 */
function watchDeliveries(ws: WebSocket, from: { cross: Set<string>; same: Set<string> }, acks: Map<string, number>) {
  let seen = { cross: [] as number[], same: [] as number[], afterAck: [] as number[] };
  ws.on('message', (data) => {
    const now = performance.now();
    const s = (data as Buffer).toString();
    if (!s.startsWith('{"type":"dialog.event"')) return;
    const f = JSON.parse(s) as { dialogId: string; event: { type: string; message?: { text?: string; from?: string } } };
    if (f.event.type !== 'message.new') return;
    const kind = from.cross.has(f.dialogId) ? 'cross' : from.same.has(f.dialogId) ? 'same' : null;
    if (!kind) return;
    const text = f.event.message?.text ?? '';
    const m = /^at (\d+\.\d+)$/.exec(text);
    if (!m) return;
    seen[kind].push(now - Number(m[1]));
    const acked = acks.get(text);
    if (kind === 'cross' && acked !== undefined) seen.afterAck.push(now - acked);
  });
  const stats = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    return { n: xs.length, p50: percentile(xs, 0.5), p99: percentile(xs, 0.99) };
  };
  return {
    take() {
      const out = { cross: stats(seen.cross), same: stats(seen.same), afterAck: stats(seen.afterAck) };
      seen = { cross: [], same: [], afterAck: [] };
      acks.clear();
      return out;
    },
  };
}

/** Stamped texts whose ack time is noted in `acks` (keyed by the text, which is unique). */
function ackNoting(senders: Sender[], acks: Map<string, number>): Sender[] {
  return senders.map((s) => ({
    ...s,
    send: (text: string) => {
      const at = performance.now();
      return s.send(text).then((ms) => {
        acks.set(text, at + ms);
        return ms;
      });
    },
  }));
}

async function analyze(url: string): Promise<void> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    await c.query('ANALYZE');
  } finally {
    await c.end();
  }
}

/**
 * Open loop at a total rate: one message every 1000/rate ms, from the senders in turn (each
 * sender's next only after all the others'), whatever the answers, for `ms`.
 */
async function pacedTotal(senders: Sender[], rate: number, ms: number, text: () => string) {
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < ms) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate) + 1;
    for (; sent < due; sent++) inflight.push((senders[sent % senders.length] as Sender).send(text()).then((l) => void latencies.push(l)));
    await new Promise((res) => setTimeout(res, Math.max(1, 1000 / rate)));
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return { perSecond: sent / (ms / 1000), acked: latencies.length, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
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
  // PARLEY_BENCH_SETUPS=pg1,pg2: only those (a quicker look at one change; the table needs all three).
  const only = process.env.PARLEY_BENCH_SETUPS?.split(',');
  for (const setup of setups.filter((s) => !only || only.includes(s.key))) {
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
    const dialogsOf = async (group: Sender[]) => {
      const ids = new Set<string>();
      await Promise.all(
        group.map(async (s) => {
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
          ids.add(await dialog);
        }),
      );
      return ids;
    };
    // Node A: the first node; node B: the console's. One node: every visitor is "same".
    const fromA = nodes.length > 1 ? await dialogsOf(groups[0] as Sender[]) : new Set<string>();
    const fromB = await dialogsOf(groups.slice(nodes.length > 1 ? 1 : 0).flat());
    const acks = new Map<string, number>();
    const deliveries = watchDeliveries(ops.ws, { cross: fromA, same: fromB }, acks);
    const timed = ackNoting(senders, acks);
    /** The measured delivery of a phase: cross-node where there are two nodes, else same-node. */
    const main = (d: ReturnType<typeof deliveries.take>) => (nodes.length > 1 ? d.cross : d.same);
    await closedLoop(senders, 1000, stamped);
    // Statistics as a database running for more than a minute has them (autovacuum's ANALYZE): the
    // write path's prepared statements re-plan with them instead of keeping plans made while the
    // tables were empty (a fresh database's first minute).
    if (setup.env.DATABASE_URL) await analyze(setup.env.DATABASE_URL);
    deliveries.take();

    const sockets = await Promise.all(nodes.map(visitorSockets));
    const pids = nodes.map((n) => n.pid() as number);
    const cpu0 = pids.map(cpuMsOf);
    const pg0 = setup.pg ? pgCpuMs(pg) : 0;
    const g0 = await groupSums(nodes[0] as RunningServer);
    const r = await closedLoop(timed, seconds * 1000, stamped);
    const cpuPerNode = pids.map((p, i) => (cpuMsOf(p) - (cpu0[i] as number)) / r.acked);
    const pgCpu = setup.pg ? (pgCpuMs(pg) - pg0) / r.acked : undefined;
    // Let the last sends reach the console before reading its times.
    await new Promise((res) => setTimeout(res, 500));
    const saturated = deliveries.take();
    const g1 = await groupSums(nodes[0] as RunningServer);
    if (setup.pg) console.log(groupLine(`${setup.key} node A, closed loop`, g0, g1));

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
    report(`${k}.deliverySatP50`, main(saturated).p50, { unit: 'ms', delivered: main(saturated).n, cross: nodes.length > 1 });
    report(`${k}.deliverySatP99`, main(saturated).p99, { unit: 'ms' });

    // The same visitors at one message a second each: delivery at a load people make.
    const p = await paced(timed, 1000, seconds * 1000, stamped);
    await new Promise((res) => setTimeout(res, 500));
    const human = deliveries.take();
    const g2 = await groupSums(nodes[0] as RunningServer);
    if (setup.pg) console.log(groupLine(`${setup.key} node A, 1 msg/s per sender`, g1, g2));
    report(`${k}.pacedPerSecond`, p.perSecond, { unit: 'msg/s', acked: p.acked });
    report(`${k}.pacedAckP99`, p.p99, { unit: 'ms' });
    report(`${k}.deliveryP50`, main(human).p50, { unit: 'ms', delivered: main(human).n, cross: nodes.length > 1 });
    report(`${k}.deliveryP99`, main(human).p99, { unit: 'ms' });

    // At a load this setup carries: CARRIED of the throughput measured above (the better of the
    // closed loop's and the 1 msg/s phase's acked/s), one message at a time from the senders in
    // turn, alternating nodes. Two nodes: visitor on A → console on B (cross) beside visitor on B
    // → console on B (same), same phase.
    const rate = CARRIED * Math.max(r.perSecond, p.perSecond);
    const everyMs = Math.round((senders.length / rate) * 1000);
    // At least ~2000 messages, but bounded: a setup measured slow is timed on fewer.
    const window = Math.min(Math.max(seconds * 1000, Math.ceil((2000 / rate) * 1000)), 4 * seconds * 1000);
    const turns = groups[0]!
      .map((_, i) => groups.map((g) => g[i]))
      .flat()
      .filter((x): x is Sender => x !== undefined);
    const order = ackNoting(turns, acks);
    const c = await pacedTotal(order, rate, window, stamped);
    await new Promise((res) => setTimeout(res, 500));
    const carried = deliveries.take();
    if (setup.pg) console.log(groupLine(`${setup.key} node A, carried`, g2, await groupSums(nodes[0] as RunningServer)));
    const cross = nodes.length > 1;
    report(`${k}.carriedPerSecond`, c.perSecond, { unit: 'msg/s', acked: c.acked, everyMs, share: CARRIED, ackP50: c.p50, ackP99: c.p99 });
    report(`${k}.carriedP50`, main(carried).p50, { unit: 'ms', delivered: main(carried).n, cross });
    report(`${k}.carriedP99`, main(carried).p99, { unit: 'ms' });
    if (cross) {
      report(`${k}.carriedSameP50`, carried.same.p50, { unit: 'ms', delivered: carried.same.n });
      report(`${k}.carriedSameP99`, carried.same.p99, { unit: 'ms' });
      report(`${k}.carriedAfterAckP50`, carried.afterAck.p50, { unit: 'ms', n: carried.afterAck.n });
      report(`${k}.carriedAfterAckP99`, carried.afterAck.p99, { unit: 'ms' });
    }

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
