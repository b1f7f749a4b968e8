import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { readQueries, type ReadQueries, type ReadQueryName } from '../read-queries';
import type { SqlExec } from '../sql';
import { sqliteDialect } from './exec';
import { sqliteSearch } from './search';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** The worker's thread as it reported once started: its kernel id and nice value (null: not Linux). */
  ready: Promise<WorkerThread | null>;
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

/** The query names, read off the registry itself. */
const NAMES = Object.keys(readQueries(null as unknown as SqlExec, sqliteDialect, sqliteSearch)) as ReadQueryName[];

const FROM_TS = import.meta.url.endsWith('.ts');
/**
 * Beside this module in the sources; in the production build (packages/server/dist) the worker is
 * an entry of its own at the top, and this code may sit in a chunk below it.
 */
const WORKER_URL = FROM_TS
  ? new URL('./read-worker.ts', import.meta.url)
  : ([new URL('./read-worker.js', import.meta.url), new URL('../read-worker.js', import.meta.url)].find((u) => existsSync(u)) ??
    new URL('./read-worker.js', import.meta.url));

/**
 * The server runs from TypeScript (node --import tsx), and a worker does not inherit the loader:
 * it loads the worker module through tsx's API instead.
 */
function startWorker(workerData: unknown): Worker {
  if (!FROM_TS) return new Worker(WORKER_URL, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(WORKER_URL.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, workerData, execArgv: [] });
}

/**
 * Worker threads, each with its own read-only connection, answering ReadQueries: a search over
 * 100k dialogs costs the event loop one message each way, not the query. A worker that dies
 * fails its pending reads and is replaced.
 */
export class ReadPool {
  private readonly slots: Slot[] = [];
  private next = 0;
  private seq = 0;
  private closed = false;

  constructor(
    private readonly file: string,
    size: number,
    private readonly onError: (err: unknown) => void,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i === 0));
  }

  /** `checkpoint`: this worker also checkpoints the WAL (one of them does). */
  private spawn(checkpoint: boolean): Slot {
    const worker = startWorker({ file: this.file, checkpoint, nice: READ_WORKER_NICE });
    let started: (t: WorkerThread | null) => void = () => {};
    const slot: Slot = { worker, pending: new Map(), ready: new Promise((r) => (started = r)) };
    worker.unref();
    worker.on(
      'message',
      (m: { id: number; ok: boolean; value?: unknown; error?: { message: string; code?: unknown } } | { ready: true; thread: WorkerThread | null }) => {
        if ('ready' in m) return started(m.thread);
        const p = slot.pending.get(m.id);
        if (!p) return;
        slot.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(Object.assign(new Error(m.error?.message ?? 'read failed'), { code: m.error?.code }));
      },
    );
    const fail = (err: unknown) => {
      started(null);
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      const i = this.slots.indexOf(slot);
      if (i >= 0 && !this.closed) {
        this.onError(err);
        this.slots[i] = this.spawn(i === 0);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`read worker exited with ${code}`));
    });
    return slot;
  }

  call(name: ReadQueryName, args: unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('storage closed'));
    // The least busy worker (round robin among equals).
    let best = this.slots[this.next % this.slots.length] as Slot;
    for (const s of this.slots) if (s.pending.size < best.pending.size) best = s;
    this.next++;
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      best.pending.set(id, { resolve, reject });
      best.worker.postMessage({ id, name, args });
    });
  }

  /** Each worker's thread once it has started (for tests: their priority). */
  threads(): Promise<(WorkerThread | null)[]> {
    return Promise.all(this.slots.map((s) => s.ready));
  }

  queries(): ReadQueries {
    const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const name of NAMES) out[name] = (...args) => this.call(name, args);
    return out as unknown as ReadQueries;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
