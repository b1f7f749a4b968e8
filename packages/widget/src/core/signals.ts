/**
 * The widget's reactive core: `signal`, `computed`, `effect`, `batch`, with the semantics of
 * @preact/signals-core that the widget relies on, in a fifth of its bytes (it loads before the
 * launcher shows, on every page of every site):
 * - reading `.value` inside a computed or an effect subscribes it; `.peek()` reads without that;
 * - a computed is lazy and cached; it recomputes only when a source changed, and a result equal
 *   (`===`) to the last one does not wake what depends on it;
 * - an effect runs at once, then after every change of what it read last time (a returned function
 *   is its cleanup, run before the next run and on dispose);
 * - writes inside `batch` (and inside effects) wake effects once, when the outermost batch ends;
 *   a write outside any batch runs the woken effects before it returns.
 * What preact's version has and the widget does not use (subscribe, untracked, watched callbacks,
 * auto-dispose of unobserved computeds) is left out. The tracking context is the one piece of
 * module state, as in any such library: it holds only the reader of the moment, never a widget's data.
 */

/** Something that reads signals: a computed or an effect. */
interface Reader {
  /** Each source read in the last run, with its version at that time. */
  d: Map<Source<unknown>, number>;
  /** A source changed: mark stale (computed) or queue (effect). */
  n(): void;
}

let reader: Reader | undefined;
let depth = 0;
let queue: Effect[] = [];

class Source<T> {
  /** value, version, subscribers */
  v: T;
  i = 0;
  s = new Set<Reader>();
  constructor(v: T) {
    this.v = v;
  }
  /** Brings the value up to date (a computed's). */
  r(): void {}
  get value(): T {
    this.r();
    if (reader) {
      reader.d.set(this, this.i);
      this.s.add(reader);
    }
    return this.peek();
  }
  set value(v: T) {
    if (v === this.v) return;
    this.v = v;
    this.i++;
    depth++;
    try {
      for (const s of [...this.s]) s.n();
    } finally {
      end();
    }
  }
  peek(): T {
    this.r();
    return this.v;
  }
}

export type Signal<T> = Source<T>;
export interface ReadonlySignal<T> {
  readonly value: T;
  peek(): T;
}

/** Did any source of `r` change since it last ran? (Brings computed sources up to date first.) */
function changed(r: Reader): boolean {
  for (const [s, i] of r.d) {
    s.r();
    if (s.i !== i) return true;
  }
  return false;
}

/** Runs `fn` as `r`, recording what it reads and unsubscribing from what it no longer reads. */
function track<T>(r: Reader, fn: () => T): T {
  const old = r.d;
  const prev = reader;
  r.d = new Map();
  reader = r;
  try {
    return fn();
  } finally {
    reader = prev;
    for (const s of old.keys()) if (!r.d.has(s)) s.s.delete(r);
  }
}

class Computed<T> extends Source<T> implements Reader {
  d = new Map<Source<unknown>, number>();
  /** stale, computed at least once, running, last run threw */
  x = true;
  c = false;
  u = false;
  e = false;
  constructor(private f: () => T) {
    super(undefined as T);
  }
  n(): void {
    if (this.x) return;
    this.x = true;
    for (const s of this.s) s.n();
  }
  override r(): void {
    if (!this.x) return;
    if (this.u) throw new Error('Cycle detected');
    this.x = false;
    if (this.c && !changed(this)) return;
    this.u = true;
    try {
      const v = track(this, this.f);
      if (!this.c || this.e || v !== this.v) {
        this.v = v;
        this.i++;
      }
      this.e = false;
    } catch (err) {
      this.v = err as T;
      this.e = true;
      this.i++;
    } finally {
      this.u = false;
      this.c = true;
    }
  }
  override peek(): T {
    this.r();
    if (this.e) throw this.v;
    return this.v;
  }
}

class Effect implements Reader {
  d = new Map<Source<unknown>, number>();
  /** queued, disposed, cleanup */
  q = false;
  z = false;
  k: unknown;
  constructor(private f: () => unknown) {}
  n(): void {
    if (this.q || this.z) return;
    this.q = true;
    queue.push(this);
  }
  run(): void {
    this.clean();
    depth++;
    try {
      this.k = track(this, this.f);
    } finally {
      end();
    }
  }
  clean(): void {
    const k = this.k;
    this.k = undefined;
    if (typeof k !== 'function') return;
    const prev = reader;
    reader = undefined;
    try {
      (k as () => void)();
    } finally {
      reader = prev;
    }
  }
  dispose(): void {
    this.z = true;
    for (const s of this.d.keys()) s.s.delete(this);
    this.d.clear();
    this.clean();
  }
}

/** Ends a batch: the outermost one runs the queued effects (and those they wake), first error rethrown. */
function end(): void {
  if (depth > 1) {
    depth--;
    return;
  }
  let error: unknown;
  let failed = false;
  try {
    for (let rounds = 0; queue.length; rounds++) {
      if (rounds > 100) throw new Error('Cycle detected');
      const list = queue;
      queue = [];
      for (const e of list) {
        e.q = false;
        try {
          if (!e.z && changed(e)) e.run();
        } catch (err) {
          if (!failed) error = err;
          failed = true;
        }
      }
    }
  } finally {
    depth = 0;
    // After a cycle: nothing stays queued (a queued effect would never be queued again).
    for (const e of queue) e.q = false;
    queue = [];
  }
  if (failed) throw error;
}

export function signal<T>(value: T): Signal<T> {
  return new Source(value);
}

export function computed<T>(fn: () => T): ReadonlySignal<T> {
  return new Computed(fn);
}

export function effect(fn: () => unknown): () => void {
  const e = new Effect(fn);
  try {
    e.run();
  } catch (err) {
    e.dispose();
    throw err;
  }
  return () => e.dispose();
}

export function batch<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    end();
  }
}
