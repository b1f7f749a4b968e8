import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Statistics rollups (issue 16, a year of 100k dialogs within 200 ms): `stats_hours` holds, per
 * project, UTC hour and assignee ('' for none), the dialogs started in that hour (missed, answered,
 * the sum of first-response times), closed in it and rated in it (count per score). Triggers on
 * `dialogs` keep it in the transaction of every write that changes those figures (insert, the
 * columns it depends on, delete: retention and erasure too), so it is never stale and no write path
 * has to remember it. Hours, not local days: a project's local days are whole UTC hours in every zone
 * whose offset is whole hours, so the reads group hours into the zone's days as it is now, and a
 * zone change needs no rebuild (zones with half-hour offsets are read live, see stats-queries.ts).
 * The two dialects differ only in how a trigger is spelled; the upserts are the same text.
 */
const FIGURES = ['started', 'missed', 'answered', 'frt_sum', 'closed', 'r1', 'r2', 'r3', 'r4', 'r5'] as const;
type Figure = (typeof FIGURES)[number];
/** The trigger's OLD or NEW row, or the backfill's table alias. */
type Row = string;

/** What a dialog adds to the hour of one of its instants, and when it counts there (the live query's conditions). */
const PARTS: { at: string; deps: string[]; when: (r: Row) => string; adds: (r: Row) => Partial<Record<Figure, string>> }[] = [
  {
    at: 'created_at',
    deps: ['created_at', 'first_reply_at'],
    when: () => '1 = 1',
    adds: (r) => ({
      started: '1',
      missed: `CASE WHEN ${r}.first_reply_at IS NULL THEN 1 ELSE 0 END`,
      answered: `CASE WHEN ${r}.first_reply_at IS NULL THEN 0 ELSE 1 END`,
      frt_sum: `COALESCE(${r}.first_reply_at - ${r}.created_at, 0)`,
    }),
  },
  {
    at: 'closed_at',
    deps: ['closed_at', 'status'],
    when: (r) => `${r}.status = 'closed' AND ${r}.closed_at IS NOT NULL`,
    adds: () => ({ closed: '1' }),
  },
  {
    at: 'rated_at',
    deps: ['rated_at', 'rating_score'],
    when: (r) => `${r}.rating_score IS NOT NULL AND ${r}.rated_at IS NOT NULL`,
    adds: (r) => Object.fromEntries([1, 2, 3, 4, 5].map((k) => [`r${k}`, `CASE WHEN ${r}.rating_score = ${k} THEN 1 ELSE 0 END`])),
  },
];
const COMMON = ['project_id', 'assignee_id'];
const ALL_DEPS = [...new Set([...COMMON, ...PARTS.flatMap((p) => p.deps)])];

/** One part of one row added (+) or taken away (-): an upsert onto its hour. */
function upsert(part: (typeof PARTS)[number], r: Row, sign: '' | '-'): string {
  const adds = part.adds(r);
  const values = FIGURES.map((f) => (adds[f] ? `${sign}(${adds[f]})` : '0'));
  return `INSERT INTO stats_hours (project_id, hour, assignee, ${FIGURES.join(', ')})
    SELECT ${r}.project_id, ${r}.${part.at} / 3600000, COALESCE(${r}.assignee_id, ''), ${values.join(', ')} WHERE ${part.when(r)}
    ON CONFLICT (project_id, hour, assignee) DO UPDATE SET ${FIGURES.map((f) => `${f} = stats_hours.${f} + excluded.${f}`).join(', ')}`;
}

/** Whether an UPDATE changed what `part` depends on (`distinct`: SQLite's `IS NOT`, PostgreSQL's `IS DISTINCT FROM`). */
const changed = (part: (typeof PARTS)[number], distinct: string) => [...COMMON, ...part.deps].map((c) => `OLD.${c} ${distinct} NEW.${c}`).join(' OR ');

/** The table and the dialogs already there (`withoutRowid`: SQLite keeps the rows in the key's order, so a period is one range read). */
async function createTable(db: Kysely<any>, withoutRowid: boolean) {
  let t = db.schema
    .createTable('stats_hours')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('assignee', 'text', (c) => c.notNull());
  for (const f of FIGURES) t = t.addColumn(f, 'bigint', (c) => c.notNull().defaultTo(0));
  t = t.addPrimaryKeyConstraint('stats_hours_pk', ['project_id', 'hour', 'assignee']);
  await (withoutRowid ? t.modifyEnd(sql`WITHOUT ROWID`) : t).execute();
  // The dialogs already there, in one pass per part.
  const selects = PARTS.map((p) => {
    const adds = p.adds('d');
    const cols = FIGURES.map((f) => `${adds[f] ?? '0'} AS ${f}`);
    return `SELECT d.project_id, d.${p.at} / 3600000 AS hour, COALESCE(d.assignee_id, '') AS assignee, ${cols.join(', ')} FROM dialogs d WHERE ${p.when('d')}`;
  });
  await sql
    .raw(
      `INSERT INTO stats_hours (project_id, hour, assignee, ${FIGURES.join(', ')})
      SELECT project_id, hour, assignee, ${FIGURES.map((f) => `SUM(${f})`).join(', ')} FROM (${selects.join(' UNION ALL ')}) x
      GROUP BY project_id, hour, assignee`,
    )
    .execute(db);
}

const dropTable = (db: Kysely<any>) => db.schema.dropTable('stats_hours').ifExists().execute();

/**
 * Top tags: each tag row carries its dialog's project and start (neither ever changes), set by a
 * trigger on insert, so a period's tags are one range of an index instead of a join per dialog.
 */
async function tagColumns(db: Kysely<any>) {
  await db.schema.alterTable('dialog_tags').addColumn('project_id', 'text').execute();
  await db.schema.alterTable('dialog_tags').addColumn('created_at', 'bigint').execute();
  await sql`UPDATE dialog_tags SET project_id = (SELECT d.project_id FROM dialogs d WHERE d.id = dialog_tags.dialog_id),
    created_at = (SELECT d.created_at FROM dialogs d WHERE d.id = dialog_tags.dialog_id)`.execute(db);
  await db.schema.createIndex('dialog_tags_stats').on('dialog_tags').columns(['project_id', 'created_at', 'tag']).execute();
}

async function dropTagColumns(db: Kysely<any>) {
  await db.schema.dropIndex('dialog_tags_stats').ifExists().execute();
  await db.schema.alterTable('dialog_tags').dropColumn('created_at').execute();
  await db.schema.alterTable('dialog_tags').dropColumn('project_id').execute();
}

export const sqliteStatsRollup: Migration = {
  async up(db) {
    await createTable(db, true);
    const all = (r: Row, sign: '' | '-') => PARTS.map((p) => upsert(p, r, sign) + ';').join('\n');
    await sql.raw(`CREATE TRIGGER stats_hours_insert AFTER INSERT ON dialogs BEGIN ${all('NEW', '')} END`).execute(db);
    await sql.raw(`CREATE TRIGGER stats_hours_delete AFTER DELETE ON dialogs BEGIN ${all('OLD', '-')} END`).execute(db);
    // One trigger per part: an operator reply's UPDATE names first_reply_at but changes it only once.
    for (const p of PARTS)
      await sql
        .raw(
          `CREATE TRIGGER stats_hours_update_${p.at} AFTER UPDATE OF ${[...COMMON, ...p.deps].join(', ')} ON dialogs
          WHEN ${changed(p, 'IS NOT')} BEGIN ${upsert(p, 'OLD', '-')}; ${upsert(p, 'NEW', '')}; END`,
        )
        .execute(db);
    await tagColumns(db);
    await sql`CREATE TRIGGER dialog_tags_stats AFTER INSERT ON dialog_tags BEGIN
      UPDATE dialog_tags SET project_id = (SELECT d.project_id FROM dialogs d WHERE d.id = NEW.dialog_id),
        created_at = (SELECT d.created_at FROM dialogs d WHERE d.id = NEW.dialog_id)
      WHERE dialog_id = NEW.dialog_id AND tag = NEW.tag; END`.execute(db);
  },
  async down(db) {
    for (const t of ['insert', 'delete', ...PARTS.map((p) => `update_${p.at}`)]) await sql.raw(`DROP TRIGGER IF EXISTS stats_hours_${t}`).execute(db);
    await sql`DROP TRIGGER IF EXISTS dialog_tags_stats`.execute(db);
    await dropTagColumns(db);
    await dropTable(db);
  },
};

export const pgStatsRollup: Migration = {
  async up(db) {
    await createTable(db, false);
    const all = (r: Row, sign: '' | '-') => PARTS.map((p) => upsert(p, r, sign) + ';').join('\n');
    const updates = PARTS.map((p) => `IF ${changed(p, 'IS DISTINCT FROM')} THEN ${upsert(p, 'OLD', '-')}; ${upsert(p, 'NEW', '')}; END IF;`);
    await sql
      .raw(
        `CREATE FUNCTION stats_hours_track() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN ${all('NEW', '')}
          ELSIF TG_OP = 'DELETE' THEN ${all('OLD', '-')}
          ELSE ${updates.join('\n')}
          END IF;
          RETURN NULL;
        END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER stats_hours_track AFTER INSERT OR DELETE OR UPDATE OF ${ALL_DEPS.join(', ')} ON dialogs FOR EACH ROW EXECUTE FUNCTION stats_hours_track()`,
      )
      .execute(db);
    await tagColumns(db);
    await sql`CREATE FUNCTION dialog_tags_stats() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT d.project_id, d.created_at INTO NEW.project_id, NEW.created_at FROM dialogs d WHERE d.id = NEW.dialog_id;
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER dialog_tags_stats BEFORE INSERT ON dialog_tags FOR EACH ROW EXECUTE FUNCTION dialog_tags_stats()`.execute(db);
  },
  async down(db) {
    await sql`DROP TRIGGER IF EXISTS stats_hours_track ON dialogs`.execute(db);
    await sql`DROP FUNCTION IF EXISTS stats_hours_track()`.execute(db);
    await sql`DROP TRIGGER IF EXISTS dialog_tags_stats ON dialog_tags`.execute(db);
    await sql`DROP FUNCTION IF EXISTS dialog_tags_stats()`.execute(db);
    await dropTagColumns(db);
    await dropTable(db);
  },
};
