import { createStore, del, get, set, update, type UseStore } from 'idb-keyval';

/** Key-value storage for the outbox, the history cache and visitor tokens (loaded with the chat, never before). */
export interface Storage {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /** Atomic read-modify-write (one IndexedDB transaction), so tabs never lose each other's writes. */
  update<T>(key: string, fn: (old: T | undefined) => T): Promise<void>;
}

/** In-memory storage: the fallback when IndexedDB is missing or refuses to open (private modes, blocked storage). */
export function memoryStorage(): Storage {
  const map = new Map<string, unknown>();
  const clone = <T>(x: T): T => (x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T));
  return {
    get: async <T>(key: string) => clone(map.get(key) as T | undefined),
    set: async (key, value) => {
      map.set(key, clone(value));
    },
    del: async (key) => {
      map.delete(key);
    },
    update: async <T>(key: string, fn: (old: T | undefined) => T) => {
      map.set(key, clone(fn(clone(map.get(key) as T | undefined))));
    },
  };
}

/**
 * IndexedDB through idb-keyval, switching to memory for good on the first failure. Nothing is
 * opened until the first call, so a page that never needs storage never touches IndexedDB.
 */
export function createStorage(idb: IDBFactory | undefined = globalThis.indexedDB): Storage {
  const memory = memoryStorage();
  let store: UseStore | null = null;
  let failed = !idb;
  const run = async <R>(op: (s: UseStore) => Promise<R>, fallback: (m: Storage) => Promise<R>): Promise<R> => {
    if (!failed) {
      try {
        store ??= createStore('parley', 'kv');
        return await op(store);
      } catch {
        failed = true;
      }
    }
    return fallback(memory);
  };
  return {
    get: <T>(key: string) =>
      run(
        (s) => get<T>(key, s),
        (m) => m.get<T>(key),
      ),
    set: (key, value) =>
      run(
        (s) => set(key, value, s),
        (m) => m.set(key, value),
      ),
    del: (key) =>
      run(
        (s) => del(key, s),
        (m) => m.del(key),
      ),
    update: <T>(key: string, fn: (old: T | undefined) => T) =>
      run(
        (s) => update<T>(key, fn, s),
        (m) => m.update(key, fn),
      ),
  };
}

/** The page's storage (sandboxed frames throw on access to IndexedDB: memory then). */
export function storageFor(win: Window): Storage {
  let idb: IDBFactory | undefined;
  try {
    idb = win.indexedDB;
  } catch {
    // memory it is
  }
  return createStorage(idb);
}

/** Storage keys: per project and per identity, so one visitor's data never reaches another. */
export const keys = {
  token: (project: string, who: string) => `t:${project}:${who}`,
  outbox: (project: string, who: string) => `o:${project}:${who}`,
  history: (project: string, who: string) => `h:${project}:${who}`,
};

export const ANONYMOUS = 'anon';

/** Forgets everything stored for one identity on this device: token, outbox and history cache. */
export async function forgetIdentity(storage: Storage, project: string, who: string): Promise<void> {
  await Promise.all([storage.del(keys.token(project, who)), storage.del(keys.outbox(project, who)), storage.del(keys.history(project, who))]);
}
