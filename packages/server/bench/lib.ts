/**
 * Shared pieces of the server benchmarks: percentiles, the result line format scripts/bench.ts
 * collects, a closed-loop "N visitors sending" driver, and process RSS.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { DESKTOP_CHROME, DEMO_PROJECT, RELAXED_LIMITS, startServer, type RunningServer, type StartOptions } from '../test/harness';

/** One result figure: scripts/bench.ts reads every stdout line that starts with this prefix. */
export const RESULT_PREFIX = 'BENCH ';

export function report(key: string, value: number, extra: Record<string, unknown> = {}): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify({ key, value: Math.round(value * 1000) / 1000, ...extra })}`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

export function median(xs: number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Limits high enough for thousands of sockets from one address. */
export const BENCH_LIMITS = {
  ...RELAXED_LIMITS,
  connectPerIp: { capacity: 1_000_000, perSecond: 100_000 },
  httpPerIp: { capacity: 1_000_000, perSecond: 100_000 },
  messagesPerVisitor: { capacity: 1_000_000, perSecond: 100_000 },
  framesPerConnection: { capacity: 1_000_000, perSecond: 100_000 },
};

/** Thousands of sockets from one address say hello at once (the hello gate allows 20 per IP by default). */
export const BENCH_HELLO = { perIp: 100_000 };

export function startBenchServer(opts: StartOptions = {}): Promise<RunningServer> {
  return startServer({
    ...opts,
    env: {
      PARLEY_RATE_LIMITS: JSON.stringify(BENCH_LIMITS),
      PARLEY_STATIC: '0',
      PARLEY_HELLO_PENDING_PER_IP: String(BENCH_HELLO.perIp),
      // As in production: the tests' check of every HTTP answer against its schema costs the event
      // loop a walk over each list it sends (search results), which operators never pay.
      PARLEY_CHECK_RESPONSES: '0',
      ...opts.env,
    },
  });
}

/** Resident set size of a process, in bytes (Linux). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

/** CPU time (user + system) a process has used so far, in ms (Linux, from /proc). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10; // USER_HZ = 100 on Linux
}

export interface Sender {
  ws: WebSocket;
  token: string;
  send(text: string): Promise<number>;
  ping(): Promise<number>;
  close(): void;
}

let seq = 0;

/**
 * A visitor socket that sends one message at a time and resolves each send with its ack latency
 * (ms). Frames are matched by clientId without keeping them.
 */
export async function openSender(url: string, hello: Record<string, unknown> = {}): Promise<Sender> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/widget/ws`, { perMessageDeflate: false });
  const waiting = new Map<string, { at: number; resolve: (ms: number) => void; reject: (e: Error) => void }>();
  let welcome: (token: string) => void = () => {};
  let failWelcome: (e: Error) => void = () => {};
  const welcomed = new Promise<string>((res, rej) => {
    welcome = res;
    failWelcome = rej;
  });
  let pong: ((ms: number) => void) | null = null;
  let pingAt = 0;
  ws.on('message', (data) => {
    const buf = data as Buffer;
    // Cheap routing: only acks, errors, pongs and the welcome matter; the rest is not even decoded.
    const head = buf.toString('latin1', 0, 26);
    if (!head.startsWith('{"type":"message.ack"') && !head.startsWith('{"type":"session.')) return;
    const s = buf.toString();
    if (s.startsWith('{"type":"message.ack"')) {
      const f = JSON.parse(s) as { clientId: string };
      const w = waiting.get(f.clientId);
      if (w) {
        waiting.delete(f.clientId);
        w.resolve(performance.now() - w.at);
      }
    } else if (s.startsWith('{"type":"session.pong"')) {
      pong?.(performance.now() - pingAt);
      pong = null;
    } else if (s.startsWith('{"type":"session.welcome"')) {
      welcome((JSON.parse(s) as { token: string }).token);
    } else if (s.startsWith('{"type":"session.error"')) {
      const f = JSON.parse(s) as { clientId?: string; code: string };
      const err = new Error(`session.error ${f.code}`);
      if (f.clientId) waiting.get(f.clientId)?.reject(err);
      else failWelcome(err);
    }
  });
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
  });
  ws.send(JSON.stringify({ type: 'session.hello', v: 1, project: DEMO_PROJECT, device: DESKTOP_CHROME, ...hello }));
  const token = await welcomed;
  return {
    ws,
    token,
    send(text) {
      const clientId = `b${process.pid.toString(36)}x${(seq++).toString(36).padStart(8, '0')}`;
      return new Promise((resolve, reject) => {
        waiting.set(clientId, { at: performance.now(), resolve, reject });
        ws.send(`{"type":"message.send","clientId":"${clientId}","text":${JSON.stringify(text)}}`);
      });
    },
    ping() {
      return new Promise((resolve) => {
        pingAt = performance.now();
        pong = resolve;
        ws.send('{"type":"session.ping","t":1}');
      });
    },
    close() {
      ws.terminate();
    },
  };
}

/** Opens `n` senders, `parallel` hellos at a time. */
export async function openSenders(url: string, n: number, parallel = 50): Promise<Sender[]> {
  const out: Sender[] = [];
  for (let i = 0; i < n; i += parallel) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(parallel, n - i) }, () => openSender(url)))));
  }
  return out;
}

export interface LoadResult {
  perSecond: number;
  acked: number;
  p50: number;
  p99: number;
  /** Every latency (ms), sorted (closed loops only). */
  latencies?: number[];
}

/**
 * Open loop: every sender sends one message every `everyMs` (start times spread evenly), whatever
 * the answers, for `ms` milliseconds: the latency of a given load rather than of saturation.
 */
export async function paced(senders: Sender[], everyMs: number, ms: number, text = (n: number) => `paced message ${n}`): Promise<LoadResult> {
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  await Promise.all(
    senders.map(async (s, i) => {
      await sleep((i / senders.length) * everyMs);
      let n = 0;
      while (performance.now() - started < ms) {
        const due = started + (i / senders.length) * everyMs + ++n * everyMs;
        inflight.push(s.send(text(n)).then((l) => void latencies.push(l)));
        await sleep(Math.max(0, due - performance.now()));
      }
    }),
  );
  await Promise.all(inflight);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, acked: latencies.length, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/**
 * Closed loop: every sender sends, waits for its ack, sends the next, for `ms` milliseconds.
 * Only acks that arrive inside the window count.
 */
export async function closedLoop(senders: Sender[], ms: number, text = (i: number) => `bench message ${i}`): Promise<LoadResult> {
  const latencies: number[] = [];
  let stop = false;
  let n = 0;
  const started = performance.now();
  await Promise.all(
    senders.map(async (s) => {
      while (!stop) {
        const l = await s.send(text(n++));
        if (stop) break;
        latencies.push(l);
        if (performance.now() - started >= ms) stop = true;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, acked: latencies.length, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), latencies };
}

/**
 * The bench client's own event-loop delay while `fn` runs (p99 and max, ms): it shares the 2
 * cores with the server, and an ack the client reads late counts as a slow ack.
 */
export async function withLoopDelay<T>(fn: () => Promise<T>): Promise<{ result: T; lagP99: number; lagMax: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  try {
    const result = await fn();
    return { result, lagP99: h.percentile(99) / 1e6, lagMax: h.max / 1e6 };
  } finally {
    h.disable();
  }
}

/** Cumulative counts of the server's own ack-latency histogram (frame in to ack out), by upper bound in ms. */
export async function serverAckCounts(url: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = new Map<number, number>();
  for (const m of text.matchAll(/^parley_ack_latency_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)) {
    out.set(m[1] === '+Inf' ? Infinity : Number(m[1]) * 1000, Number(m[2]));
  }
  return out;
}

/**
 * The server's side of a phase from two histogram reads: the share of acks it sent within 50 ms
 * of the frame's arrival, and the bucket bound its p99 falls under (ms).
 */
export function serverAckShare(before: Map<number, number>, after: Map<number, number>): { within50: number; p99Under: number | string } {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const delta = (b: number) => (after.get(b) ?? 0) - (before.get(b) ?? 0);
  const total = delta(Infinity);
  const p99Under = bounds.find((b) => delta(b) >= total * 0.99) ?? Infinity;
  // Above the last bucket: said as such (JSON has no Infinity).
  const last = bounds.filter(Number.isFinite).pop() ?? 0;
  return { within50: total ? delta(50) / total : NaN, p99Under: Number.isFinite(p99Under) ? p99Under : `>${last}` };
}
