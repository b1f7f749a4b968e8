import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

/** One frame of a SQLite WAL: the page it holds, and whether it ends a commit. */
export interface WalFrame {
  page: number;
  commit: boolean;
}

/** A WAL file's current generation: its salts and its frames, in order. */
export interface WalState {
  salt: string;
  frames: WalFrame[];
}

/** The frames of a WAL file's current generation (those carrying the header's salts), in order. */
export function walFrames(walFile: string): WalState {
  const fd = openSync(walFile, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < 32) return { salt: '', frames: [] };
    const head = Buffer.alloc(32);
    readSync(fd, head, 0, 32, 0);
    const pageSize = head.readUInt32BE(8);
    const salt1 = head.readUInt32BE(16);
    const salt2 = head.readUInt32BE(20);
    const frames: WalFrame[] = [];
    const fh = Buffer.alloc(24);
    for (let off = 32; off + 24 + pageSize <= size; off += 24 + pageSize) {
      readSync(fd, fh, 0, 24, off);
      if (fh.readUInt32BE(8) !== salt1 || fh.readUInt32BE(12) !== salt2) break;
      frames.push({ page: fh.readUInt32BE(0), commit: fh.readUInt32BE(4) !== 0 });
    }
    return { salt: `${salt1}:${salt2}`, frames };
  } finally {
    closeSync(fd);
  }
}

/**
 * The frames written since `before`: the WAL may have started over in between (a reader that
 * needs none of its frames does not stop that), and then every frame of the new generation is new.
 */
export function framesSince(before: WalState, after: WalState): WalFrame[] {
  return after.salt === before.salt ? after.frames.slice(before.frames.length) : after.frames;
}

/**
 * Holds a read transaction open on a database: while it is held, no checkpoint gets past its
 * snapshot and the WAL does not start over, so every frame written meanwhile stays in the file to
 * be counted. (A snapshot taken when every frame was already copied needs none of them and does not
 * stop one start-over: framesSince counts that one. Never open and close the `-shm` file in the
 * process that holds the pin: closing any descriptor of a file drops the process's POSIX locks on
 * it, this reader's too.)
 */
export function pinWal(dbFile: string): { release(): void } {
  const pin = new SqliteDatabase(dbFile, { readonly: true });
  pin.exec('BEGIN');
  pin.prepare('SELECT count(*) FROM sqlite_schema').get();
  return {
    release() {
      pin.exec('COMMIT');
      pin.close();
    },
  };
}

/** The table or index each page of the database belongs to now (dbstat), by page number. */
export function pageOwners(dbFile: string): Map<number, string> {
  const db = new SqliteDatabase(dbFile, { readonly: true });
  try {
    const owners = new Map<number, string>();
    for (const r of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]) owners.set(r.pageno, r.name);
    return owners;
  } finally {
    db.close();
  }
}
