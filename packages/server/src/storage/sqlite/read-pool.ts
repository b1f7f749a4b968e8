import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { readQueries, type ReadQueries, type ReadQueryName } from '../read-queries';
import type { SqlExec } from '../sql';
import { sqliteDialect } from './exec';
import { ReadGate, defaultReadShare, loopBusy } from './read-gate';
import { sqliteSearch } from './search';
import { ReadsBusyError } from '../../util/errors';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  /** Told the CPU time the job took in the worker (ms), when it answered. */
  cpu?: (ms: number) => void;
}

/** A read waiting for a worker (and, while the event loop is busy, for the workers' CPU budget). */
interface ReadJob {
  name: ReadQueryName;
  args: unknown[];
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** The worker's thread as it reported once started: its kernel id and nice value (null: not Linux). */
  ready: Promise<WorkerThread | null>;
}

/** A checkpoint round's result: WAL frames, and how many of them are in the database file. */
export interface WalCheckpoint {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface WorkerThread {
  tid: number;
  nice: number;
}

/**
 * The read workers' nice value (0 is normal, 19 the lowest). On 2 cores a worker answering
 * searches back to back would otherwise take a whole core from the event loop that acks messages.
 */
export const READ_WORKER_NICE = 10;

/** CPU ms the read workers may run ahead of their share of the CPU (ReadGate). */
export const READ_BURST_MS = 50;

/**
 * Reads that may wait for a worker. Each holds a request (an operator's list or search) in memory;
 * the console asks for a search at most every 300 ms per operator, so only a script flooding the
 * API reaches this, and it is then told to come back (ReadsBusyError: 503, Retry-After) instead of
 * the queue, and every operator's wait behind it, growing without end. At the capped rate (about 25
 * searches a second while the loop is busy) 1024 is some 40 s of searches.
 */
export const READ_MAX_WAITING = 1024;

export interface ReadPoolOptions {
  /** The workers' CPU cap while the event loop is busy (ReadGate); null: none; default: defaultReadShare. */
  share?: number | null;
  /** CPU ms the workers may run ahead of their share (default READ_BURST_MS). */
  burstMs?: number;
  /** Whether the event loop is busy (default: its utilization, loopBusy). */
  loopBusy?: () => boolean;
  /** Reads that may wait (default READ_MAX_WAITING). */
  maxWaiting?: number;
}

/** The query names, read off the registry itself. */
const NAMES = Object.keys(readQueries(null as unknown as SqlExec, sqliteDialect, sqliteSearch)) as ReadQueryName[];

const FROM_TS = import.meta.url.endsWith('.ts');
/**
 * Beside this module in the sources; in the production build (packages/server/dist) each worker is
 * an entry of its own at the top, and this code may sit in a chunk below it.
 */
function workerUrl(name: 'read-worker' | 'wal-checkpointer'): URL {
  if (FROM_TS) return new URL(`./${name}.ts`, import.meta.url);
  const here = new URL(`./${name}.js`, import.meta.url);
  return [here, new URL(`../${name}.js`, import.meta.url)].find((u) => existsSync(u)) ?? here;
}
const READ_WORKER_URL = workerUrl('read-worker');
const CHECKPOINTER_URL = workerUrl('wal-checkpointer');

/**
 * The server runs from TypeScript (node --import tsx), and a worker does not inherit the loader:
 * it loads the worker module through tsx's API instead.
 */
function startWorker(url: URL, workerData: unknown): Worker {
  if (!FROM_TS) return new Worker(url, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, workerData, execArgv: [] });
}

/**
 * Worker threads, each with its own read-only connection, answering ReadQueries: a search over
 * 100k dialogs costs the event loop one message each way, not the query. Reads wait their turn in
 * a ReadGate (one per worker at a time; their CPU capped while the event loop is busy). Plus one
 * thread that checkpoints the WAL. A worker that dies fails its pending reads and is replaced.
 */
export class ReadPool {
  private readonly slots: Slot[] = [];
  /** The WAL checkpointer: a thread of its own at normal priority (wal-checkpointer.ts). */
  private checkpointer: Slot;
  private seq = 0;
  private closed = false;
  private readonly gate: ReadGate<ReadJob>;

  constructor(
    private readonly file: string,
    size: number,
    private readonly onError: (err: unknown) => void,
    opts: ReadPoolOptions = {},
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(false));
    this.checkpointer = this.spawn(true);
    this.gate = new ReadGate<ReadJob>(
      {
        slots: size,
        share: opts.share === undefined ? defaultReadShare(size) : opts.share,
        burstMs: opts.burstMs ?? READ_BURST_MS,
        loopBusy: opts.loopBusy ?? loopBusy(),
        maxWaiting: opts.maxWaiting ?? READ_MAX_WAITING,
      },
      (job) => this.run(job),
    );
  }

  /** `checkpoint`: the checkpointer (no reads, normal priority); otherwise a read worker. */
  private spawn(checkpoint: boolean): Slot {
    const worker = checkpoint ? startWorker(CHECKPOINTER_URL, { file: this.file }) : startWorker(READ_WORKER_URL, { file: this.file, nice: READ_WORKER_NICE });
    let started: (t: WorkerThread | null) => void = () => {};
    const slot: Slot = { worker, pending: new Map(), ready: new Promise((r) => (started = r)) };
    worker.unref();
    worker.on(
      'message',
      (
        m:
          | { id: number; ok: boolean; value?: unknown; error?: { message: string; code?: unknown }; cpu?: number }
          | { ready: true; thread: WorkerThread | null }
          | { wal: number },
      ) => {
        if ('ready' in m) return started(m.thread);
        if ('wal' in m) return this.onWal?.(m.wal);
        const p = slot.pending.get(m.id);
        if (!p) return;
        slot.pending.delete(m.id);
        if (m.cpu !== undefined) p.cpu?.(m.cpu);
        if (m.ok) p.resolve(m.value);
        else p.reject(Object.assign(new Error(m.error?.message ?? 'read failed'), { code: m.error?.code }));
      },
    );
    const fail = (err: unknown) => {
      started(null);
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) {
        this.onError(err);
        this.slots[i] = this.spawn(false);
      } else if (slot === this.checkpointer) {
        this.onError(err);
        this.checkpointer = this.spawn(true);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`read worker exited with ${code}`));
    });
    return slot;
  }

  /** Told the WAL's length (frames) after each of the checkpointer's rounds. */
  onWal: ((frames: number) => void) | null = null;

  /** One checkpoint round now (PASSIVE); null when it could not run. */
  checkpoint(): Promise<WalCheckpoint | null> {
    return this.post(this.checkpointer, {}) as Promise<WalCheckpoint | null>;
  }

  private post(slot: Slot, m: Record<string, unknown>, cpu?: (ms: number) => void): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('storage closed'));
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, cpu ? { resolve, reject, cpu } : { resolve, reject });
      slot.worker.postMessage({ id, ...m });
    });
  }

  call(name: ReadQueryName, args: unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('storage closed'));
    return new Promise((resolve, reject) => {
      if (!this.gate.submit({ name, args, resolve, reject })) reject(new ReadsBusyError());
    });
  }

  /** Runs a job the gate let through on an idle worker; resolves with its CPU ms once it settled. */
  private run(job: ReadJob): Promise<number> {
    // The gate runs at most one job per worker, so one is idle (a replaced worker's slot is new).
    const slot = this.slots.find((s) => s.pending.size === 0) ?? this.slots[0]!;
    let cpu = 0;
    return this.post(slot, { name: job.name, args: job.args }, (ms) => (cpu = ms)).then(
      (value) => {
        job.resolve(value);
        return cpu;
      },
      (err: unknown) => {
        job.reject(err);
        return cpu;
      },
    );
  }

  /** Reads waiting for a worker or for the CPU budget. */
  get waiting(): number {
    return this.gate.waiting;
  }

  /** Each read worker's thread once it has started (for tests: their priority). */
  threads(): Promise<(WorkerThread | null)[]> {
    return Promise.all(this.slots.map((s) => s.ready));
  }

  /** The checkpointer's thread once it has started. */
  checkpointThread(): Promise<WorkerThread | null> {
    return this.checkpointer.ready;
  }

  queries(): ReadQueries {
    const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const name of NAMES) out[name] = (...args) => this.call(name, args);
    return out as unknown as ReadQueries;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.gate.drain()) job.reject(new Error('storage closed'));
    const all = [...this.slots, this.checkpointer];
    await Promise.all(all.map((s) => s.worker.terminate()));
    for (const s of all) {
      for (const p of s.pending.values()) p.reject(new Error('storage closed'));
      s.pending.clear();
    }
  }
}
