import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../types';
import { openSqliteStorage, sqliteMigrations } from './open';

let dir = '';
let store: Storage | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
  rmSync(dir, { recursive: true, force: true });
});

const UNREAD = "SELECT count(*) AS n FROM messages m WHERE m.dialog_id = ? AND m.author_kind = 'visitor' AND m.deleted_at IS NULL AND m.seq > ?";

describe('0027_write_pages', () => {
  it('drops messages_visitor_seq on an existing database; messages_dialog_seq then answers the unread counts alone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-pages-'));
    const file = join(dir, 'parley.db');
    // A database as the last release left it (every migration before this one), with messages.
    const all = await sqliteMigrations.getMigrations();
    const before = Object.fromEntries(Object.entries(all).filter(([name]) => name !== '0027_write_pages'));
    const sqlite = new SqliteDatabase(file);
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const migrated = await new Migrator({ db: old, provider: { getMigrations: async () => before }, allowUnorderedMigrations: true }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    await old.destroy();
    const db = new SqliteDatabase(file);
    const indexes = () =>
      (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'messages'").all() as { name: string }[]).map((r) => r.name);
    expect(indexes()).toContain('messages_visitor_seq');
    db.exec(`INSERT INTO projects (id, name, settings, created_at, updated_at) VALUES ('p', 'P', '{}', 1, 1);
      INSERT INTO visitors (id, project_id, kind, custom_params, search, first_seen_at, last_seen_at) VALUES ('v', 'p', 'anonymous', '{}', '', 1, 1);
      INSERT INTO dialogs (id, project_id, visitor_id, status, channel, last_seq, custom_params, created_at, updated_at, last_activity_at, unread,
        operator_read_seq, last_message_has_attachments) VALUES ('d', 'p', 'v', 'open', 'web', 0, '{}', 1, 1, 1, 0, 0, 0)`);
    const add = db.prepare('INSERT INTO messages (id, project_id, dialog_id, seq, author_kind, text, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (let seq = 1; seq <= 30; seq++)
      add.run(`m${seq}`, 'p', 'd', seq, seq % 3 === 0 ? 'operator' : 'visitor', `text ${seq}`, seq, seq % 7 === 0 ? seq : null);
    const unread = (after: number) => (db.prepare(UNREAD).get('d', after) as { n: number }).n;
    const counts = [0, 10, 25].map(unread);
    db.close();

    store = await openSqliteStorage(file, { readWorkers: 0 });
    const s = store;
    const names = await s.read((x) => x.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'messages'"));
    expect(names.map((r) => r.name)).not.toContain('messages_visitor_seq');
    const cols = await s.read((x) => x.all<{ name: string }>("SELECT name FROM pragma_index_info('messages_dialog_seq') ORDER BY seqno"));
    expect(cols.map((c) => c.name)).toEqual(['dialog_id', 'seq', 'author_kind', 'deleted_at']);
    const plan = await s.read((x) => x.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${UNREAD}`, ['d', 0]));
    expect(plan.map((p) => p.detail).join('\n')).toContain('COVERING INDEX messages_dialog_seq');
    for (const [i, after] of [0, 10, 25].entries()) {
      expect(await s.read(async (x) => (await x.get<{ n: number }>(UNREAD, ['d', after]))?.n)).toBe(counts[i]);
    }
    // The dialog's stored count (0025) is untouched by the index change.
    expect(await s.read(async (x) => (await x.get<{ n: number }>("SELECT visitor_messages AS n FROM dialogs WHERE id = 'd'"))?.n)).toBe(counts[0]);
  });
});
