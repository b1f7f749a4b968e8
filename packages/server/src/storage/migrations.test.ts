import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from './migrations';
import { openSqliteStorage } from './sqlite/open';

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
      provider: { getMigrations: async () => ({ '0001_init': (await migrationProvider({}).getMigrations())['0001_init']! }) },
    });
    expect((await first.migrateToLatest()).error).toBeUndefined();
    await old.insertInto('projects').values({ id: 'demo', name: 'Demo', secret: 's3cret', settings: '{}', created_at: 1, updated_at: 1 }).execute();
    const op = (id: string, role: string, deleted: number | null = null) => ({
      id,
      project_id: 'demo',
      email: `${id}@x.test`,
      name: id,
      role,
      password_hash: 'h',
      status: 'online',
      avatar_file: null,
      created_at: 2,
      deleted_at: deleted,
    });
    await old
      .insertInto('operators')
      .values([op('own', 'owner'), op('adm', 'admin'), op('opr', 'operator'), op('gone', 'operator', 5)])
      .execute();
    await old
      .insertInto('operator_sessions')
      .values({ id_hash: 'sess', operator_id: 'opr', created_at: 3, expires_at: 10 ** 13 })
      .execute();
    await old
      .insertInto('visitors')
      .values({
        id: 'v1',
        project_id: 'demo',
        kind: 'anonymous',
        custom_params: '{}',
        search: '',
        first_seen_at: 1,
        last_seen_at: 1,
      })
      .execute();
    await old
      .insertInto('dialogs')
      .values({
        id: 'd1',
        project_id: 'demo',
        visitor_id: 'v1',
        status: 'open',
        channel: 'web',
        assignee_id: 'opr',
        last_seq: 0,
        custom_params: '{}',
        created_at: 1,
        updated_at: 1,
        last_activity_at: 1,
        unread: 0,
        operator_read_seq: 0,
        last_message_has_attachments: 0,
      })
      .execute();
    await old.destroy();

    const storage = await openSqliteStorage(file);
    const db = storage.db;
    try {
      const ops = await db.selectFrom('operators').selectAll().orderBy('id').execute();
      expect(ops.map((o: { id: string; workspace_role: string | null; deleted_at: number | null }) => [o.id, o.workspace_role, o.deleted_at])).toEqual([
        ['adm', null, null],
        ['gone', null, 5],
        ['opr', null, null],
        ['own', 'owner', null],
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
      await expect(
        db.insertInto('memberships').values({ operator_id: 'nobody', project_id: 'demo', role: 'operator', created_at: 1 }).execute(),
      ).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await storage.close();
    }
  });
});

describe('0010_search (SQLite)', () => {
  it('gives messages and visitors a stable integer key and indexes what is already there', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
    const file = join(dir, 'parley.db');
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('foreign_keys = ON');
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const all = await migrationProvider({}).getMigrations();
    const first = new Migrator({ db: old, provider: { getMigrations: async () => all } });
    expect((await first.migrateToLatest()).error).toBeUndefined();
    await old.insertInto('projects').values({ id: 'demo', name: 'Demo', settings: '{}', created_at: 1, updated_at: 1 }).execute();
    await old
      .insertInto('visitors')
      .values({
        id: 'v1',
        project_id: 'demo',
        kind: 'verified',
        user_id: 'u-1',
        name: 'Ivan Petrov',
        email: 'ivan@example.com',
        phone: '+7 999 123-45-67',
        custom_params: '{"city":"Kazan"}',
        search: 'stale',
        first_seen_at: 1,
        last_seen_at: 1,
      })
      .execute();
    await old.insertInto('devices').values({ id: 'dev1', visitor_id: 'v1', fingerprint: 'f', info: '{}', first_seen_at: 1, last_seen_at: 1 }).execute();
    await old.insertInto('visitor_tokens').values({ token_hash: 'th', visitor_id: 'v1', device_id: 'dev1', created_at: 1, last_used_at: 1 }).execute();
    await old
      .insertInto('dialogs')
      .values({
        id: 'd1',
        project_id: 'demo',
        visitor_id: 'v1',
        status: 'open',
        channel: 'web',
        last_seq: 2,
        custom_params: '{}',
        created_at: 1,
        updated_at: 1,
        last_activity_at: 1,
        unread: 1,
        operator_read_seq: 0,
        last_message_has_attachments: 0,
      })
      .execute();
    await old
      .insertInto('messages')
      .values({
        id: 'm1',
        project_id: 'demo',
        dialog_id: 'd1',
        seq: 2,
        client_id: 'c1',
        author_kind: 'visitor',
        visitor_id: 'v1',
        text: 'Доставка заказа ORD-77',
        search: 'доставка заказа ord-77',
        created_at: 1,
        channel: 'telegram',
      })
      .execute();
    // Tables of later migrations that point into the rebuilt visitors table (0009_channels).
    await old
      .insertInto('channel_contacts')
      .values({
        project_id: 'demo',
        kind: 'telegram',
        chat_id: '42',
        anon_visitor_id: 'v1',
        visitor_id: 'v1',
        link: 'anonymous',
        locale: 'ru',
        pending: '[]',
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    await old.destroy();

    const storage = await openSqliteStorage(file, { readWorkers: 0 });
    try {
      const found = (table: string, q: string) => storage.read((x) => x.all<{ rowid: number }>(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`, [q]));
      expect(await found('messages_fts', '"доставк"*')).toHaveLength(1);
      expect(await found('messages_fts', '"ord 77"')).toHaveLength(1);
      for (const q of ['"ivan"', '"petrov"', '"79991234567"', '"kazan"', '"ivan example com"']) expect(await found('visitors_fts', q), q).toHaveLength(1);
      const m = await storage.read((x) => x.get<Record<string, unknown>>('SELECT * FROM messages WHERE id = ?', ['m1']));
      expect(m).toMatchObject({ id: 'm1', seq: 2, text: 'Доставка заказа ORD-77', channel: 'telegram' });
      expect(Object.keys(m ?? {})).not.toContain('search');
      expect(typeof m?.n).toBe('number');
      // References into the rebuilt visitors table held, and foreign keys are enforced again.
      expect(await storage.read((x) => x.all('PRAGMA foreign_key_check'))).toEqual([]);
      expect(await storage.db.selectFrom('visitor_tokens').select('device_id').execute()).toEqual([{ device_id: 'dev1' }]);
      expect(await storage.db.selectFrom('channel_contacts').select('visitor_id').execute()).toEqual([{ visitor_id: 'v1' }]);
      await expect(
        storage.db
          .insertInto('devices')
          .values({ id: 'dev2', visitor_id: 'nobody', fingerprint: 'g', info: '{}', first_seen_at: 1, last_seen_at: 1 })
          .execute(),
      ).rejects.toThrow(/FOREIGN KEY/);
      // A deleted visitor leaves the index with its row (and its dialog, message and device by cascade).
      await storage.db.deleteFrom('visitors').where('id', '=', 'v1').execute();
      expect(await found('visitors_fts', '"ivan"')).toHaveLength(0);
      expect(await found('messages_fts', '"доставк"*')).toHaveLength(0);
    } finally {
      await storage.close();
    }
  });
});

describe('0011_email_marks', () => {
  it('moves the spoof warning out of the text visitors read into an operator-only mark', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
    const file = join(dir, 'parley.db');
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('foreign_keys = ON');
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    // A database as issue 17 left it (before the marks; 0010_search comes with the SQLite storage below).
    const before = Object.fromEntries(Object.entries(await migrationProvider({}).getMigrations()).filter(([name]) => name < '0011'));
    expect((await new Migrator({ db: old, provider: { getMigrations: async () => before } }).migrateToLatest()).error).toBeUndefined();
    await old.insertInto('projects').values({ id: 'demo', name: 'Demo', settings: '{}', created_at: 1, updated_at: 1 }).execute();
    await old
      .insertInto('visitors')
      .values({ id: 'v1', project_id: 'demo', kind: 'anonymous', custom_params: '{}', search: '', first_seen_at: 1, last_seen_at: 1 })
      .execute();
    await old
      .insertInto('dialogs')
      .values({
        id: 'd1',
        project_id: 'demo',
        visitor_id: 'v1',
        status: 'open',
        channel: 'web',
        assignee_id: null,
        last_seq: 3,
        custom_params: '{}',
        created_at: 1,
        updated_at: 1,
        last_activity_at: 1,
        unread: 0,
        operator_read_seq: 0,
        last_message_has_attachments: 0,
      })
      .execute();
    const msg = (id: string, seq: number, text: string, author = 'visitor') => ({
      id,
      project_id: 'demo',
      dialog_id: 'd1',
      seq,
      client_id: null,
      author_kind: author,
      operator_id: null,
      visitor_id: author === 'visitor' ? 'v1' : null,
      device_id: null,
      text,
      search: text.toLowerCase(),
      created_at: 100 + seq,
      edited_at: null,
      deleted_at: null,
    });
    await old
      .insertInto('messages')
      .values([
        msg(
          'm1',
          1,
          "⚠ Sent from mallory@evil.test, not from the visitor's address anna@example.test: check before trusting it.\n\nSend the invoice elsewhere",
        ),
        msg('m2', 2, "⚠ Sent from an unknown address, not from the visitor's address (none): check before trusting it.\n\nHi"),
        msg('m3', 3, '⚠ Sent from my heart, a plain message'),
      ])
      .execute();
    await old.destroy();

    const storage = await openSqliteStorage(file);
    try {
      const texts = await storage.db.selectFrom('messages').select(['id', 'text']).orderBy('seq').execute();
      expect(texts).toEqual([
        { id: 'm1', text: 'Send the invoice elsewhere' },
        { id: 'm2', text: 'Hi' },
        { id: 'm3', text: '⚠ Sent from my heart, a plain message' },
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

describe('0014_requests', () => {
  it('numbers the dialogs there are per project in the order they started and sets each project counter', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
    const file = join(dir, 'parley.db');
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('foreign_keys = ON');
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    // Everything before 0013 except the SQLite storage's own 0010 (applied by openSqliteStorage below, in order).
    const before = Object.fromEntries(Object.entries(await migrationProvider({}).getMigrations()).filter(([name]) => name < '0010'));
    expect((await new Migrator({ db: old, provider: { getMigrations: async () => before } }).migrateToLatest()).error).toBeUndefined();
    for (const p of ['a', 'b']) {
      await old.insertInto('projects').values({ id: p, name: p, settings: '{}', created_at: 1, updated_at: 1 }).execute();
      await old
        .insertInto('visitors')
        .values({ id: `v${p}`, project_id: p, kind: 'anonymous', custom_params: '{}', search: '', first_seen_at: 1, last_seen_at: 1 })
        .execute();
    }
    const dialog = (id: string, project: string, created: number) => ({
      id,
      project_id: project,
      visitor_id: `v${project}`,
      status: 'open',
      channel: 'web',
      assignee_id: null,
      last_seq: 0,
      custom_params: '{}',
      created_at: created,
      updated_at: created,
      last_activity_at: created,
      unread: 0,
      operator_read_seq: 0,
      last_message_has_attachments: 0,
    });
    await old
      .insertInto('dialogs')
      .values([dialog('a2', 'a', 20), dialog('a1', 'a', 10), dialog('b1', 'b', 15), dialog('a3', 'a', 20)])
      .execute();
    await old.destroy();

    const storage = await openSqliteStorage(file);
    try {
      const rows = await storage.db.selectFrom('dialogs').select(['id', 'number']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'a1', number: 1 },
        { id: 'a2', number: 2 },
        { id: 'a3', number: 3 },
        { id: 'b1', number: 1 },
      ]);
      const counters = await storage.db.selectFrom('projects').select(['id', 'last_request_number']).orderBy('id').execute();
      expect(counters).toEqual([
        { id: 'a', last_request_number: 3 },
        { id: 'b', last_request_number: 1 },
      ]);
    } finally {
      await storage.close();
    }
  });
});
