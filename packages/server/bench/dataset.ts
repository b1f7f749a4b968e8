/**
 * Seeded data sets for the benchmarks: a project with `dialogs` dialogs and about 3.5 messages
 * each, written straight into the server's own (migrated) SQLite file, so the server then runs on
 * it as on a real installation. Generated, not downloaded: a support-chat vocabulary with a long
 * tail (order numbers, product codes), names and emails, tags, a few open dialogs, most resolved.
 *
 * Only columns the current schema has are written, so the same generator works across migrations.
 */
import { createHash } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { DEMO_PROJECT } from '../test/harness';
import { startBenchServer } from './lib';
// The seeded PRNG (mulberry32) the validator fuzzing uses: the same data set on every run.
import { rng } from '../../../build/validators-fuzz';

const DAY = 86_400_000;

const WORDS = (
  'hello hi thanks please order delivery refund payment card invoice account password login problem help question price ' +
  'shipping address change cancel return broken size color available stock discount coupon code email phone call today ' +
  'tomorrow week status tracking package courier warehouse store office manager support subscription plan upgrade ' +
  'download install error update version app mobile website page checkout cart basket item product model warranty ' +
  'repair replace exchange receipt bonus points gift certificate deadline urgent waiting answer reply soon ok yes no ' +
  'здравствуйте спасибо пожалуйста заказ доставка возврат оплата карта счет пароль вход проблема помощь вопрос цена ' +
  'адрес изменить отменить размер цвет наличие скидка промокод почта телефон сегодня завтра неделя статус посылка ' +
  'курьер склад магазин менеджер подписка тариф ошибка приложение сайт корзина товар гарантия ремонт замена чек ' +
  'bonjour merci commande livraison remboursement paiement carte facture compte problème aide question prix adresse'
).split(' ');
const FIRST = [
  'Ivan',
  'Anna',
  'Pierre',
  'Marie',
  'John',
  'Olga',
  'Sergey',
  'Claire',
  'Dmitry',
  'Elena',
  'Paul',
  'Sophie',
  'Алексей',
  'Мария',
  'Пётр',
  'Наталья',
];
const LAST = [
  'Petrov',
  'Smith',
  'Dubois',
  'Ivanova',
  'Martin',
  'Kuznetsov',
  'Bernard',
  'Popova',
  'Johnson',
  'Leroy',
  'Соколов',
  'Морозова',
  'Волков',
  'Лебедева',
];
const TAGS = ['billing', 'delivery', 'refund', 'vip', 'bug', 'sales'];
const CITIES = ['Moscow', 'Paris', 'Lyon', 'Kazan', 'Berlin', 'Novosibirsk', 'Marseille'];

export const PROBE_TOKEN = 'benchProbeToken_0123456789abcdef';
export const PROBE_USER = 'bench-probe-user';
export const PROBE_MESSAGES = 1100;

/** Queries the search benchmark runs: an email, a name, a surname prefix, rare and common words, two words. */
export const SEARCH_QUERIES = ['user4242@example.com', 'Sophie Leroy', 'Kuznet', 'ORD-48213', 'warranty', 'доставк', 'refund order'];

function sha256b64url(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64url');
}

function id(r: () => number, prefix: string, n: number): string {
  return `${prefix}${n.toString(36).padStart(7, '0')}${Math.floor(r() * 1e9).toString(36)}`.padEnd(22, 'x');
}

/** Inserts rows, writing only the columns the table has; a column the row leaves out gets its default. */
function inserter(db: SqliteDatabase.Database, table: string) {
  const info = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; dflt_value: string | null }[];
  const cols = info.map((c) => c.name);
  const values = info.map((c) => (c.dflt_value === null ? `@${c.name}` : `COALESCE(@${c.name}, ${c.dflt_value})`));
  const stmt = db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${values.join(',')})`);
  return (row: Record<string, unknown>) => {
    const full: Record<string, unknown> = {};
    for (const c of cols) full[c] = row[c] ?? null;
    stmt.run(full);
  };
}

export interface DatasetInfo {
  dataDir: string;
  dialogs: number;
  messages: number;
  probeDialogId: string;
  seconds: number;
}

/**
 * Creates the data dir (the server migrates it and seeds the demo project), then writes the data
 * set into it. About 350k messages take well under a minute.
 */
export async function seedDataset(dataDir: string, dialogs: number): Promise<DatasetInfo> {
  const t0 = performance.now();
  const srv = await startBenchServer({ dataDir, env: {} });
  await srv.stop();
  const db = new SqliteDatabase(`${dataDir}/parley.db`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  // Random ids land all over the indexes: keep them in memory while seeding.
  db.pragma('cache_size = -1000000');
  // Full-text indexes (whatever the schema has) are built once at the end: far faster than row by row.
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('messages', 'visitors')").all() as {
    name: string;
    sql: string;
  }[];
  const fts = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'").all() as { name: string }[]).map((r) => r.name);
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  // The demo owner (operators belong to projects through memberships, or directly in older schemas).
  const hasMemberships = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'memberships'").get() as { n: number }).n > 0;
  const owner = db
    .prepare(
      hasMemberships
        ? 'SELECT operator_id AS id FROM memberships WHERE project_id = ? ORDER BY created_at LIMIT 1'
        : 'SELECT id FROM operators WHERE project_id = ? ORDER BY created_at LIMIT 1',
    )
    .get(DEMO_PROJECT) as { id: string };
  const r = rng(dialogs);
  const now = Date.now();
  const visitors = inserter(db, 'visitors');
  const devices = inserter(db, 'devices');
  const tokens = inserter(db, 'visitor_tokens');
  const dialogRows = inserter(db, 'dialogs');
  const messages = inserter(db, 'messages');
  const events = inserter(db, 'events');
  const tags = inserter(db, 'dialog_tags');
  const word = () => {
    // Log-uniform rank: a few words are everywhere, most are rare (a Zipf-like tail).
    const k = Math.floor(Math.exp(r() * Math.log(WORDS.length + 400))) - 1;
    if (k < WORDS.length) return WORDS[k] as string;
    return r() < 0.5 ? `ORD-${Math.floor(r() * 90000 + 10000)}` : `SKU${Math.floor(r() * 9000 + 1000)}`;
  };
  const sentence = () => {
    const n = 3 + Math.floor(r() * 12);
    const w: string[] = [];
    for (let i = 0; i < n; i++) w.push(word());
    return w.join(' ');
  };
  const device = JSON.stringify({ type: 'desktop', browser: { name: 'Chrome', version: '127.0.6533.103' }, os: { name: 'Windows', version: '10' } });
  let messageCount = 0;
  let probeDialogId = '';

  const writeDialog = (n: number, probe: boolean) => {
    const verified = probe || r() < 0.3;
    const first = FIRST[Math.floor(r() * FIRST.length)] as string;
    const last = LAST[Math.floor(r() * LAST.length)] as string;
    const createdAt = now - Math.floor(r() * 300 * DAY) - DAY;
    const visitorId = id(r, 'v', n);
    const name = verified ? (n === 4242 ? 'Sophie Leroy' : `${first} ${last}`) : null;
    const email = verified ? `user${n}@example.com` : null;
    const phone = verified ? `+7 9${String(Math.floor(r() * 1e9)).padStart(9, '0')}` : null;
    const params = r() < 0.4 ? { city: CITIES[Math.floor(r() * CITIES.length)], plan: r() < 0.5 ? 'pro' : 'basic' } : {};
    const userId = probe ? PROBE_USER : verified ? `user-${n}` : null;
    visitors({
      id: visitorId,
      project_id: DEMO_PROJECT,
      kind: verified ? 'verified' : 'anonymous',
      user_id: userId,
      name,
      email,
      phone,
      custom_params: JSON.stringify(params),
      ip: '203.0.113.7',
      referrer: null,
      search: [userId, name, email, phone].filter(Boolean).join('\n').toLowerCase(),
      first_seen_at: createdAt,
      last_seen_at: createdAt,
    });
    const deviceId = id(r, 'd', n);
    devices({ id: deviceId, visitor_id: visitorId, fingerprint: `fp${n}`, info: device, ip: '203.0.113.7', first_seen_at: createdAt, last_seen_at: createdAt });
    if (probe) {
      tokens({ token_hash: sha256b64url(PROBE_TOKEN), visitor_id: visitorId, device_id: deviceId, created_at: now, last_used_at: now, revoked_at: null });
    }
    const dialogId = id(r, 'g', n);
    const count = probe ? PROBE_MESSAGES : 1 + Math.floor(r() * 6);
    const open = probe || r() < 0.03;
    let seq = 0;
    let t = createdAt;
    events({ dialog_id: dialogId, seq: ++seq, type: 'dialog.opened', payload: JSON.stringify({ at: t, reopened: false }), message_id: null, created_at: t });
    const assignee = open && r() < 0.5 ? null : owner.id;
    let lastText = '';
    let lastAuthor = 'visitor';
    let unread = 0;
    const pending: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      t += 1000 + Math.floor(r() * 60_000);
      const fromVisitor = i % 2 === 0 || assignee === null;
      const text = n === 4242 && i === 0 ? 'my order ORD-48213 has not arrived, refund please' : sentence();
      const mid = id(r, 'm', messageCount++);
      seq++;
      pending.push({
        id: mid,
        project_id: DEMO_PROJECT,
        dialog_id: dialogId,
        seq,
        client_id: fromVisitor ? `c${mid}` : null,
        author_kind: fromVisitor ? 'visitor' : 'operator',
        operator_id: fromVisitor ? null : assignee,
        visitor_id: fromVisitor ? visitorId : null,
        device_id: fromVisitor ? deviceId : null,
        text,
        search: text.toLowerCase(),
        created_at: t,
        edited_at: null,
        deleted_at: null,
      });
      events({ dialog_id: dialogId, seq, type: 'message.new', payload: '{}', message_id: mid, created_at: t });
      lastText = text;
      lastAuthor = fromVisitor ? 'visitor' : 'operator';
      unread = fromVisitor ? unread + 1 : 0;
    }
    let closedAt: number | null = null;
    if (!open) {
      t += 60_000;
      closedAt = t;
      events({
        dialog_id: dialogId,
        seq: ++seq,
        type: 'dialog.closed',
        payload: JSON.stringify({ at: t, closeStatus: 'resolved', operatorId: owner.id }),
        message_id: null,
        created_at: t,
      });
    }
    dialogRows({
      id: dialogId,
      project_id: DEMO_PROJECT,
      visitor_id: visitorId,
      status: open ? 'open' : 'closed',
      close_status: open ? null : 'resolved',
      channel: 'web',
      assignee_id: assignee,
      last_seq: seq,
      custom_params: JSON.stringify(params),
      created_at: createdAt,
      updated_at: t,
      closed_at: closedAt,
      last_activity_at: t,
      rating_score: !open && r() < 0.2 ? 1 + Math.floor(r() * 5) : null,
      rating_comment: null,
      rated_at: null,
      rating_client_id: null,
      unread,
      operator_read_seq: 0,
      last_message_text: lastText.slice(0, 200),
      last_message_author: lastAuthor,
      last_message_at: t,
      last_message_has_attachments: 0,
      tags: '[]',
    });
    // Messages after their dialog (foreign keys are off, but triggers may read the dialog).
    for (const m of pending) messages(m);
    if (r() < 0.2) {
      const k = 1 + Math.floor(r() * 2);
      const chosen = new Set<string>();
      for (let i = 0; i < k; i++) chosen.add(TAGS[Math.floor(r() * TAGS.length)] as string);
      for (const tag of chosen) tags({ dialog_id: dialogId, tag });
    }
    if (probe) probeDialogId = dialogId;
  };

  const BATCH = 2000;
  let lap = performance.now();
  for (let start = 0; start < dialogs; start += BATCH) {
    db.transaction(() => {
      for (let n = start; n < Math.min(dialogs, start + BATCH); n++) writeDialog(n, n === 7);
    })();
    if (process.env.PARLEY_BENCH_VERBOSE && (start / BATCH) % 5 === 4) {
      process.stderr.write(`seeded ${start + BATCH} dialogs (${Math.round(performance.now() - lap)} ms for the last ${5 * BATCH})\n`);
      lap = performance.now();
    }
  }
  for (const t of triggers) db.exec(t.sql);
  for (const name of fts) db.exec(`INSERT INTO "${name}" ("${name}") VALUES ('rebuild')`);
  // The denormalised tag list, where the schema has one.
  const dialogCols = (db.prepare('PRAGMA table_info(dialogs)').all() as { name: string }[]).map((c) => c.name);
  if (dialogCols.includes('tags')) {
    db.exec(
      'UPDATE dialogs SET tags = (SELECT json_group_array(tag) FROM (SELECT tag FROM dialog_tags WHERE dialog_id = dialogs.id ORDER BY tag)) WHERE id IN (SELECT dialog_id FROM dialog_tags)',
    );
  }
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { dataDir, dialogs, messages: messageCount, probeDialogId, seconds: (performance.now() - t0) / 1000 };
}
