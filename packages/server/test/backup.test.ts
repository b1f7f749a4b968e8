/** parley backup while the server writes, then parley restore into a fresh data dir. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli';
import type { Io } from '../src/commands/common';
import { clientId, loginOperator, openVisitorSocket, startServer, type Frame, type RunningServer } from './harness';

let srv: RunningServer;
let scratch: string;
beforeAll(async () => {
  srv = await startServer();
  scratch = mkdtempSync(join(tmpdir(), 'parley-backup-'));
});
afterAll(async () => {
  await srv?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function cli(dataDir: string, args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const io: Io = { out: (l) => lines.push(l), err: (l) => lines.push(l), readStdin: async () => '' };
  const code = await runCli(args, { PARLEY_DATA_DIR: dataDir }, io);
  return { code, text: lines.join('\n') };
}

describe('backup and restore', () => {
  it('a backup taken while messages are being written is consistent, and restores into a working server', async () => {
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const acked: Frame[] = [];
    v.ws.on('message', (d) => {
      const f = JSON.parse((d as Buffer).toString()) as Frame;
      if (f.type === 'message.ack') acked.push(f);
    });
    let writing = true;
    let sent = 0;
    const writer = (async () => {
      while (writing) {
        v.send({ type: 'message.send', clientId: clientId('b'), text: `m${sent++}` });
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    await expect.poll(() => acked.length, { timeout: 20_000 }).toBeGreaterThan(50);
    const ackedBefore = acked.length;
    const file = join(scratch, 'parley-backup.db');
    const backup = await cli(srv.dataDir, ['backup', file]);
    const ackedAfter = acked.length;
    writing = false;
    await writer;
    expect(backup.code, backup.text).toBe(0);
    expect(backup.text).toMatch(/Backed up \d+ pages/);
    expect(ackedAfter).toBeGreaterThan(ackedBefore);
    // Refuses to overwrite.
    expect((await cli(srv.dataDir, ['backup', file])).code).toBe(2);

    // One consistent snapshot: the messages acked before the backup started, each with its event,
    // every dialog's sequence matching its events, and the database intact.
    const db = new SqliteDatabase(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const texts = (db.prepare('select text from messages order by seq').all() as { text: string }[]).map((r) => r.text);
    expect(texts.length).toBeGreaterThanOrEqual(ackedBefore);
    expect(texts.length).toBeLessThanOrEqual(sent);
    expect(texts).toEqual(texts.map((_, i) => `m${i}`));
    const orphan = db
      .prepare('select count(*) as n from messages m where not exists (select 1 from events e where e.dialog_id = m.dialog_id and e.seq = m.seq)')
      .get() as { n: number };
    expect(orphan.n).toBe(0);
    const skew = db
      .prepare('select count(*) as n from dialogs d where d.last_seq != (select coalesce(max(seq), 0) from events e where e.dialog_id = d.id)')
      .get() as { n: number };
    expect(skew.n).toBe(0);
    db.close();
    await v.close();

    // Restore: refused while a server runs on the data dir; refused for a file that is no backup.
    expect((await cli(srv.dataDir, ['restore', file])).code).toBe(1);
    const junk = join(scratch, 'junk.db');
    writeFileSync(junk, 'not a database at all');
    const fresh = mkdtempSync(join(tmpdir(), 'parley-restored-'));
    try {
      const bad = await cli(fresh, ['restore', junk]);
      expect(bad.code).toBe(1);
      expect(bad.text).toMatch(/not a (Parley backup|database)/);
      const ok = await cli(fresh, ['restore', file]);
      expect(ok.code, ok.text).toBe(0);
      const restored = await startServer({ dataDir: fresh });
      try {
        const owner = await loginOperator(restored.url, srv.ownerEmail, srv.ownerPassword);
        const list = (await owner.get('/api/v1/operator/dialogs?view=all')).body.dialogs;
        expect(list).toHaveLength(1);
        const tl = await owner.get(`/api/v1/operator/dialogs/${list[0].id}/timeline`);
        expect(tl.body.messages[tl.body.messages.length - 1].text).toBe(texts[texts.length - 1]);
        // The restored server keeps writing where the backup left off.
        const v2 = await openVisitorSocket(restored.url);
        await v2.welcome;
        v2.send({ type: 'message.send', clientId: clientId('r'), text: 'after restore' });
        expect((await v2.next('message.ack')).type).toBe('message.ack');
        await v2.close();
      } finally {
        await restored.stop();
      }
      // A second restore over an existing database keeps the replaced one beside it.
      const again = await cli(fresh, ['restore', file]);
      expect(again.code).toBe(0);
      expect(again.text).toMatch(/kept as .*parley\.db\.before-restore-/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('refuses a backup made by a newer Parley', async () => {
    const newer = join(scratch, 'newer.db');
    const db = new SqliteDatabase(newer);
    db.exec(
      "create table kysely_migration (name text primary key, timestamp text); insert into kysely_migration values ('0001_init', 'x'), ('9999_future', 'y');",
    );
    db.close();
    const target = mkdtempSync(join(tmpdir(), 'parley-newer-'));
    try {
      const r = await cli(target, ['restore', newer]);
      expect(r.code).toBe(1);
      expect(r.text).toMatch(/comes from a newer Parley \(migrations 9999_future\)/);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});
