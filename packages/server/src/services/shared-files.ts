import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../storage/open';
import { getMeta, setMetaOnce } from '../storage/meta';
import { randomId } from '../util/crypto';

/** The mark file in the files directory, and the database's copy of it (server_meta). */
const MARK_FILE = '.parley-files-id';
const MARK_KEY = 'files_dir_id';

/**
 * Uploaded files live on disk (`files/`, `avatars/`), so nodes that share one PostgreSQL database
 * must share one files directory, or a file uploaded through one node is missing on the others.
 * Whether two nodes see the same directory is checked, not assumed: the first node writes a
 * random mark into the directory and the same mark into the database; a node whose directory
 * holds no mark or another one is looking at a different directory.
 *
 * Returns null when the directory is the database's, or the problem in words: `cluster` (Redis
 * set: several nodes) makes the caller refuse to start; a single node warns (files uploaded
 * before are not here).
 */
export async function checkFilesDir(db: Db, dir: string): Promise<string | null> {
  const path = join(dir, MARK_FILE);
  const read = () =>
    readFile(path, 'utf8').then(
      (t) => t.trim(),
      () => null,
    );
  let mine = await read();
  // A database without a mark adopts this directory's (or a new one); of two nodes starting at once, the first written wins.
  const candidate = mine ?? randomId(24);
  if ((await getMeta(db, MARK_KEY)) === null) await setMetaOnce(db, MARK_KEY, candidate);
  const theirs = (await getMeta(db, MARK_KEY)) as string;
  if (mine === null && theirs === candidate) {
    // Only the node whose mark the database took writes it ('wx': never over another's).
    await writeFile(path, `${theirs}\n`, { flag: 'wx', mode: 0o600 }).catch(() => undefined);
    mine = await read();
  }
  // A node that lost that race on a shared directory: the winner's file is on its way.
  for (let i = 0; i < 20 && mine === null; i++) {
    await new Promise((r) => setTimeout(r, 100));
    mine = await read();
  }
  if (mine === theirs) return null;
  return (
    `the files directory ${dir} is not the one this database's files are in (its mark ${mine ?? 'none'}, the database's ${theirs}). ` +
    'Every node on one database needs the same directory for uploaded files and avatars: set PARLEY_FILES_DIR to a directory all nodes mount (NFS, a shared volume). ' +
    `If this directory does hold the files (moved or restored without the mark), write ${theirs} into ${path}.`
  );
}
