import type { Db } from './open';

/** Server-wide values (server_meta): one row per key. */
export async function getMeta(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

/** Sets a value unless the key already has one. */
export async function setMetaOnce(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('server_meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
