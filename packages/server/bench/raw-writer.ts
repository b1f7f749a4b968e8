/**
 * The limit's database: a freshly migrated Parley database driven by better-sqlite3 alone (WAL,
 * synchronous=FULL: SQLite syncs the WAL inside each COMMIT), with `senders` visitors, each with
 * an open dialog, and the statements one visitor message costs inside its transaction. Used by
 * raw-sqlite.ts (the limits) and by messages.ts (one raw commit, interleaved with the one-sender
 * phase so both see the same moments of a noisy machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { DEMO_PROJECT } from '../test/harness';
import { startBenchServer } from './lib';

export interface RawDatabase {
  db: SqliteDatabase.Database;
  /** One visitor message's statements (call inside a transaction), round-robin over the senders. */
  one: () => void;
  /** One message in a transaction of its own: one durable commit; returns its duration (ms). */
  commit: () => number;
  close: () => void;
}

/** In the system's temporary directory, like the bench servers' data directories (same file system). */
export async function openRawDatabase(senders: number): Promise<RawDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-raw-'));
  try {
    // The server migrates it (the same schema, triggers and indexes as the server's own database).
    const srv = await startBenchServer({ dataDir: dir, env: {} });
    await srv.stop();
    const db = new SqliteDatabase(join(dir, 'parley.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const now = Date.now();
    const visitorIds: string[] = [];
    const visitorSearch = hasColumn(db, 'visitors', 'search');
    db.transaction(() => {
      for (let i = 0; i < senders; i++) {
        const vid = `rawvisitor${String(i).padStart(12, '0')}`;
        visitorIds.push(vid);
        db.prepare(
          `INSERT INTO visitors (id, project_id, kind, custom_params, first_seen_at, last_seen_at${visitorSearch ? ', search' : ''})
          VALUES (?, ?, 'anonymous', '{}', ?, ?${visitorSearch ? ", ''" : ''})`,
        ).run(vid, DEMO_PROJECT, now, now);
        db.prepare(
          `INSERT INTO dialogs (id, project_id, visitor_id, status, channel, last_seq, custom_params, created_at, updated_at,
          last_activity_at, unread, operator_read_seq, last_message_has_attachments) VALUES (?, ?, ?, 'open', 'web', 0, '{}', ?, ?, ?, 0, 0, 0)`,
        ).run(`rawdialog${String(i).padStart(13, '0')}`, DEMO_PROJECT, vid, now, now, now);
      }
    })();
    const write = messageWriter(db);
    let n = 0;
    const one = () => write(visitorIds[n % visitorIds.length] as string, n++);
    const tx = db.transaction(one);
    return {
      db,
      one,
      commit() {
        const s = performance.now();
        tx();
        return performance.now() - s;
      },
      close() {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function hasColumn(db: SqliteDatabase.Database, table: string, col: string): boolean {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === col);
}

/**
 * The statements one visitor message on an open dialog costs inside its transaction: the
 * idempotency lookup, the dialog (seq, summary), the message and its event.
 */
function messageWriter(db: SqliteDatabase.Database): (visitorId: string, n: number) => void {
  const search = hasColumn(db, 'messages', 'search');
  const existing = db.prepare('SELECT id FROM messages WHERE project_id = ? AND client_id = ?');
  const dialog = db.prepare(`UPDATE dialogs SET last_seq = last_seq + 1, updated_at = @now, last_message_text = @text, last_message_author = 'visitor',
    last_message_at = @now, last_message_has_attachments = 0, last_activity_at = @now, unread = unread + 1
    WHERE id = (SELECT id FROM dialogs WHERE visitor_id = @visitorId ORDER BY created_at DESC, id DESC LIMIT 1) AND status = 'open'
    RETURNING *`);
  const message =
    db.prepare(`INSERT INTO messages (id, project_id, dialog_id, seq, client_id, author_kind, visitor_id, text, created_at${search ? ', search' : ''})
    VALUES (@id, @project, @dialogId, @seq, @clientId, 'visitor', @visitorId, @text, @now${search ? ', @search' : ''})`);
  const event = db.prepare(
    `INSERT INTO events (dialog_id, seq, type, payload, message_id, created_at) VALUES (@dialogId, @seq, 'message.new', '{}', @id, @now)`,
  );
  const run = Date.now().toString(36);
  return (visitorId, n) => {
    const clientId = `raw${run}${n.toString(36).padStart(10, '0')}`;
    const text = `bench message ${n}`;
    const now = Date.now();
    if (existing.get(DEMO_PROJECT, clientId)) throw new Error('duplicate');
    const d = dialog.get({ now, text, visitorId }) as { id: string; last_seq: number };
    const id = `rawmsg${run}${n.toString(36).padStart(12, '0')}`;
    message.run({ id, project: DEMO_PROJECT, dialogId: d.id, seq: d.last_seq, clientId, visitorId, text, now, search: text.toLowerCase() });
    event.run({ dialogId: d.id, seq: d.last_seq, id, now });
  };
}
