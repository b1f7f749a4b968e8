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

/** An IndexedDB request's result (a transaction's: once committed) as a promise. */
const done = <T>(r: IDBRequest<T> | IDBTransaction): Promise<T> =>
  new Promise((resolve, reject) => {
    // Typed as set: null only for an abort() this code never calls.
    const q = r as IDBRequest<T> & IDBTransaction & { error: DOMException };
    q.oncomplete = q.onsuccess = () => resolve(q.result);
    q.onabort = q.onerror = () => reject(q.error);
  });

/**
 * IndexedDB (database "parley", store "kv": what idb-keyval made, which this replaces in fewer
 * bytes), switching to memory for good on the first failure. Nothing is opened until the first
 * call, so a page that never needs storage never touches IndexedDB.
 */
export function createStorage(idb: IDBFactory | undefined = globalThis.indexedDB): Storage {
  const memory = memoryStorage();
  let db: Promise<IDBDatabase> | undefined;
  let failed = !idb;
  const run = async <R>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => Promise<R>, fallback: (m: Storage) => Promise<R>): Promise<R> => {
    if (!failed) {
      try {
        if (!db) {
          const open = idb.open('parley');
          open.onupgradeneeded = () => open.result.createObjectStore('kv');
          db = done(open);
          // A connection the browser closed (storage cleared) is opened again by the next call.
          db.then(
            (d) => void (d.onclose = () => (db = undefined)),
            () => (db = undefined),
          );
        }
        return await op((await db).transaction('kv', mode).objectStore('kv'));
      } catch {
        failed = true;
      }
    }
    return fallback(memory);
  };
  return {
    get: <T>(key: string) =>
      run(
        'readonly',
        (s) => done(s.get(key) as IDBRequest<T | undefined>),
        (m) => m.get<T>(key),
      ),
    set: (key, value) =>
      run(
        'readwrite',
        (s) => (s.put(value, key), done(s.transaction)),
        (m) => m.set(key, value),
      ),
    del: (key) =>
      run(
        'readwrite',
        (s) => (s.delete(key), done(s.transaction)),
        (m) => m.del(key),
      ),
    // Read and write in one transaction: another tab's write cannot fall between them. What throws
    // in the handler aborts the transaction (memory from then on, as for any failure).
    update: <T>(key: string, fn: (old: T | undefined) => T) =>
      run(
        'readwrite',
        (s) => {
          const r = s.get(key);
          r.onsuccess = () => s.put(fn(r.result as T | undefined), key);
          return done(s.transaction);
        },
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
