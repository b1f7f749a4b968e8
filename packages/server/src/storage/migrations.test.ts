import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from './migrations';
import { openSqliteStorage } from './open';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('0002_workspace', () => {
  it('turns a one-project database into accounts with memberships, keeping every row and reference', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
    const file = join(dir, 'parley.db');
    // A database as the first release left it.
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('foreign_keys = ON');
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const first = new Migrator({
      db: old,
      provider: { getMigrations: async () => ({ '0001_init': (await migrationProvider.getMigrations())['0001_init']! }) },
    });
    expect((await first.migrateToLatest()).error).toBeUndefined();
    await old.insertInto('projects').values({ id: 'demo', name: 'Demo', secret: 's3cret', settings: '{}', created_at: 1, updated_at: 1 }).execute();
    const op = (id: string, role: string, deleted: number | null = null) => ({
      id, project_id: 'demo', email: `${id}@x.test`, name: id, role, password_hash: 'h', status: 'online', avatar_file: null, created_at: 2, deleted_at: deleted,
    });
    await old.insertInto('operators').values([op('own', 'owner'), op('adm', 'admin'), op('opr', 'operator'), op('gone', 'operator', 5)]).execute();
    await old.insertInto('operator_sessions').values({ id_hash: 'sess', operator_id: 'opr', created_at: 3, expires_at: 10 ** 13 }).execute();
    await old.insertInto('visitors').values({
      id: 'v1', project_id: 'demo', kind: 'anonymous', custom_params: '{}', search: '', first_seen_at: 1, last_seen_at: 1,
    }).execute();
    await old.insertInto('dialogs').values({
      id: 'd1', project_id: 'demo', visitor_id: 'v1', status: 'open', channel: 'web', assignee_id: 'opr', last_seq: 0, custom_params: '{}',
      created_at: 1, updated_at: 1, last_activity_at: 1, unread: 0, operator_read_seq: 0, last_message_has_attachments: 0,
    }).execute();
    await old.destroy();

    const storage = await openSqliteStorage(file);
    const db = storage.db;
    try {
      const ops = await db.selectFrom('operators').selectAll().orderBy('id').execute();
      expect(ops.map((o) => [o.id, o.workspace_role, o.deleted_at])).toEqual([
        ['adm', null, null], ['gone', null, 5], ['opr', null, null], ['own', 'owner', null],
      ]);
      expect(Object.keys(ops[0] as object)).not.toContain('project_id');
      const members = await db.selectFrom('memberships').select(['operator_id', 'project_id', 'role']).orderBy('operator_id').execute();
      expect(members).toEqual([
        { operator_id: 'adm', project_id: 'demo', role: 'admin' },
        { operator_id: 'opr', project_id: 'demo', role: 'operator' },
        { operator_id: 'own', project_id: 'demo', role: 'owner' },
      ]);
      // References to operators.id survived the table rebuild (no cascade, no set-null).
      expect(await db.selectFrom('operator_sessions').select('operator_id').execute()).toEqual([{ operator_id: 'opr' }]);
      expect(await db.selectFrom('dialogs').select('assignee_id').execute()).toEqual([{ assignee_id: 'opr' }]);
      expect(await db.selectFrom('project_secrets').select(['project_id', 'secret', 'revoked_at']).execute()).toEqual([
        { project_id: 'demo', secret: 's3cret', revoked_at: null },
      ]);
      // Foreign keys are on again and enforced against the new table.
      await expect(db.insertInto('memberships').values({ operator_id: 'nobody', project_id: 'demo', role: 'operator', created_at: 1 }).execute())
        .rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await storage.close();
    }
  });
});

describe('0010_email_marks', () => {
  it('moves the spoof warning out of the text visitors read into an operator-only mark', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
    const file = join(dir, 'parley.db');
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('foreign_keys = ON');
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const all = await migrationProvider.getMigrations();
    const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0010'));
    expect((await new Migrator({ db: old, provider: { getMigrations: async () => before } }).migrateToLatest()).error).toBeUndefined();
    await old.insertInto('projects').values({ id: 'demo', name: 'Demo', settings: '{}', created_at: 1, updated_at: 1 }).execute();
    await old.insertInto('visitors').values({ id: 'v1', project_id: 'demo', kind: 'anonymous', custom_params: '{}', search: '', first_seen_at: 1, last_seen_at: 1 }).execute();
    await old.insertInto('dialogs').values({
      id: 'd1', project_id: 'demo', visitor_id: 'v1', status: 'open', channel: 'web', assignee_id: null, last_seq: 3, custom_params: '{}',
      created_at: 1, updated_at: 1, last_activity_at: 1, unread: 0, operator_read_seq: 0, last_message_has_attachments: 0,
    }).execute();
    const msg = (id: string, seq: number, text: string, author = 'visitor') => ({
      id, project_id: 'demo', dialog_id: 'd1', seq, client_id: null, author_kind: author, operator_id: null, visitor_id: author === 'visitor' ? 'v1' : null,
      device_id: null, text, search: text.toLowerCase(), created_at: 100 + seq, edited_at: null, deleted_at: null,
    });
    await old.insertInto('messages').values([
      msg('m1', 1, "⚠ Sent from mallory@evil.test, not from the visitor's address anna@example.test: check before trusting it.\n\nSend the invoice elsewhere"),
      msg('m2', 2, "⚠ Sent from an unknown address, not from the visitor's address (none): check before trusting it.\n\nHi"),
      msg('m3', 3, '⚠ Sent from my heart, a plain message'),
    ]).execute();
    await old.destroy();

    const storage = await openSqliteStorage(file);
    try {
      const texts = await storage.db.selectFrom('messages').select(['id', 'text', 'search']).orderBy('seq').execute();
      expect(texts).toEqual([
        { id: 'm1', text: 'Send the invoice elsewhere', search: 'send the invoice elsewhere' },
        { id: 'm2', text: 'Hi', search: 'hi' },
        { id: 'm3', text: '⚠ Sent from my heart, a plain message', search: '⚠ sent from my heart, a plain message' },
      ]);
      expect(await storage.db.selectFrom('email_messages').selectAll().orderBy('message_id').execute()).toEqual([
        { message_id: 'm1', dialog_id: 'd1', direction: 'received', address: 'mallory@evil.test', expected: 'anna@example.test', spoofed: 1, at: 101 },
        { message_id: 'm2', dialog_id: 'd1', direction: 'received', address: '', expected: null, spoofed: 1, at: 102 },
      ]);
    } finally {
      await storage.close();
    }
  });
});
