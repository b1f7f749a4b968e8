import { cluster, clusterEmail } from './cluster/migration';
import { integrations } from './integrations/migration';
import { statsIndexes } from './integrations/stats-migration';
import { requests } from './requests/migration';
import { help } from './help/migration';
import { requestSubjects } from './requests/subject-migration';
import { SqliteAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Schema migrations, in code so the server ships as one package. Only the portable schema
 * builder is used (bigint for epoch-ms timestamps, text for JSON), so the same migrations run on
 * PostgreSQL when that dialect lands.
 */
const init: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('projects')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('operators')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('avatar_file', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('deleted_at', 'bigint')
      .execute();
    await db.schema.createIndex('operators_project').on('operators').column('project_id').execute();

    await db.schema
      .createTable('operator_sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('visitors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('name', 'text')
      .addColumn('email', 'text')
      .addColumn('phone', 'text')
      .addColumn('custom_params', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('referrer', 'text')
      .addColumn('search', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .execute();
    // NULL user ids (anonymous visitors) never collide: both SQLite and PostgreSQL treat NULLs as distinct.
    await db.schema.createIndex('visitors_user').on('visitors').columns(['project_id', 'user_id']).unique().execute();
    await db.schema.createIndex('visitors_seen').on('visitors').column('last_seen_at').execute();

    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('info', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('devices_fp').on('devices').columns(['visitor_id', 'fingerprint']).unique().execute();

    await db.schema
      .createTable('visitor_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('device_id', 'text', (c) => c.references('devices.id').onDelete('set null'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('visitor_tokens_visitor').on('visitor_tokens').column('visitor_id').execute();

    await db.schema
      .createTable('page_visits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('referrer', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('page_visits_visitor').on('page_visits').columns(['visitor_id', 'at']).execute();

    await db.schema
      .createTable('dialogs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('close_status', 'text')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('assignee_id', 'text', (c) => c.references('operators.id').onDelete('set null'))
      .addColumn('last_seq', 'bigint', (c) => c.notNull())
      .addColumn('custom_params', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('closed_at', 'bigint')
      .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
      .addColumn('rating_score', 'integer')
      .addColumn('rating_comment', 'text')
      .addColumn('rated_at', 'bigint')
      .addColumn('rating_client_id', 'text')
      .addColumn('unread', 'integer', (c) => c.notNull())
      .addColumn('operator_read_seq', 'bigint', (c) => c.notNull())
      .addColumn('last_message_text', 'text')
      .addColumn('last_message_author', 'text')
      .addColumn('last_message_at', 'bigint')
      .addColumn('last_message_has_attachments', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dialogs_visitor').on('dialogs').column('visitor_id').execute();
    await db.schema.createIndex('dialogs_list').on('dialogs').columns(['project_id', 'status', 'updated_at']).execute();
    await db.schema.createIndex('dialogs_activity').on('dialogs').column('last_activity_at').execute();

    await db.schema
      .createTable('dialog_tags')
      .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
      .addColumn('tag', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('dialog_tags_pk', ['dialog_id', 'tag'])
      .execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('client_id', 'text')
      .addColumn('author_kind', 'text', (c) => c.notNull())
      .addColumn('operator_id', 'text')
      .addColumn('visitor_id', 'text')
      .addColumn('device_id', 'text')
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('search', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('edited_at', 'bigint')
      .addColumn('deleted_at', 'bigint')
      .execute();
    // Idempotency: one message per client-generated id in a project.
    await db.schema.createIndex('messages_client').on('messages').columns(['project_id', 'client_id']).unique().execute();
    await db.schema.createIndex('messages_dialog_seq').on('messages').columns(['dialog_id', 'seq']).execute();
    await db.schema.createIndex('messages_created').on('messages').column('created_at').execute();

    await db.schema
      .createTable('events')
      .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('events_pk', ['dialog_id', 'seq'])
      .execute();
    await db.schema.createIndex('events_created').on('events').column('created_at').execute();

    await db.schema
      .createTable('files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('uploader_kind', 'text', (c) => c.notNull())
      .addColumn('uploader_visitor_id', 'text')
      .addColumn('uploader_operator_id', 'text')
      .addColumn('dialog_id', 'text')
      .addColumn('message_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('files_message').on('files').column('message_id').execute();
    await db.schema.createIndex('files_dialog').on('files').column('dialog_id').execute();
    await db.schema.createIndex('files_created').on('files').column('created_at').execute();

    await db.schema
      .createTable('notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
      .addColumn('operator_id', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('notes_dialog').on('notes').columns(['dialog_id', 'created_at']).execute();

    await db.schema
      .createTable('templates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('shortcut', 'text')
      .addColumn('search', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('leads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('visitor_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('phone', 'text')
      .addColumn('email', 'text')
      .addColumn('message', 'text')
      .addColumn('preferred_time', 'text')
      .addColumn('page', 'text')
      .addColumn('device', 'text')
      .addColumn('ip', 'text')
      .addColumn('locale', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('leads_client').on('leads').columns(['project_id', 'client_id']).unique().execute();

    await db.schema
      .createTable('server_meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of [
      'server_meta',
      'leads',
      'templates',
      'notes',
      'files',
      'events',
      'messages',
      'dialog_tags',
      'dialogs',
      'page_visits',
      'visitor_tokens',
      'devices',
      'visitors',
      'operator_sessions',
      'operators',
      'projects',
    ]) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};

/**
 * Issue 9 (security and data): storage usage per project, anonymous successors (one visitor across
 * tabs after a close), tokens that end with a JWT's exp, and erasure tombstones.
 */
const security: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('files_project').on('files').columns(['project_id', 'message_id']).execute();
    await db.schema.createIndex('files_uploader').on('files').column('uploader_visitor_id').execute();
    // The new visitor row an anonymous visitor continued as after their dialog was closed.
    await db.schema.alterTable('visitors').addColumn('successor_id', 'text').execute();
    await db.schema.alterTable('visitors').addColumn('erased_at', 'bigint').execute();
    await db.schema.createIndex('visitors_successor').on('visitors').column('successor_id').execute();
    // A token issued for a JWT identity ends at the JWT's exp (epoch ms).
    await db.schema.alterTable('visitor_tokens').addColumn('expires_at', 'bigint').execute();
    await db.schema.alterTable('dialogs').addColumn('erased_at', 'bigint').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('dialogs').dropColumn('erased_at').execute();
    await db.schema.alterTable('visitor_tokens').dropColumn('expires_at').execute();
    await db.schema.dropIndex('visitors_successor').execute();
    await db.schema.alterTable('visitors').dropColumn('erased_at').execute();
    await db.schema.alterTable('visitors').dropColumn('successor_id').execute();
    await db.schema.dropIndex('files_uploader').execute();
    await db.schema.dropIndex('files_project').execute();
  },
};

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

/**
 * Many projects per server: operators become accounts that belong to projects through
 * memberships (with their role there), the workspace owner and admins are marked on the account,
 * each project keeps up to two identity secrets, and password resets get their one-time tokens.
 */
const workspace: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('memberships')
      .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('memberships_pk', ['operator_id', 'project_id'])
      .execute();
    await db.schema.createIndex('memberships_project').on('memberships').column('project_id').execute();
    await sql`insert into memberships (operator_id, project_id, role, created_at)
      select id, project_id, role, created_at from operators where deleted_at is null`.execute(db);

    await db.schema
      .createTable('project_secrets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('project_secrets_project').on('project_secrets').columns(['project_id', 'created_at']).execute();
    await sql`insert into project_secrets (id, project_id, secret, created_at)
      select 'initial-' || id, id, secret, created_at from projects`.execute(db);
    await db.schema.alterTable('projects').dropColumn('secret').execute();

    await db.schema
      .createTable('password_resets')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();

    // operators.project_id (a foreign key) and operators.role move to memberships. SQLite cannot
    // drop a foreign-key column: rebuild the table the documented way (foreign keys off, copy,
    // swap), which keeps every row and every reference to operators.id.
    if (isSqlite(db)) {
      await sql`PRAGMA foreign_keys = OFF`.execute(db);
      try {
        await sql`BEGIN`.execute(db);
        await sql`create table operators_new (
          id text primary key, email text not null unique, name text not null, password_hash text not null,
          status text not null, avatar_file text, workspace_role text, created_at bigint not null, deleted_at bigint)`.execute(db);
        await sql`insert into operators_new (id, email, name, password_hash, status, avatar_file, workspace_role, created_at, deleted_at)
          select id, email, name, password_hash, status, avatar_file, case when role = 'owner' then 'owner' else null end, created_at, deleted_at
          from operators`.execute(db);
        await sql`drop table operators`.execute(db);
        await sql`alter table operators_new rename to operators`.execute(db);
        const broken = await sql`PRAGMA foreign_key_check`.execute(db);
        if (broken.rows.length > 0) throw new Error(`foreign key check failed: ${JSON.stringify(broken.rows.slice(0, 3))}`);
        await sql`COMMIT`.execute(db);
      } catch (err) {
        await sql`ROLLBACK`.execute(db).catch(() => undefined);
        throw err;
      } finally {
        await sql`PRAGMA foreign_keys = ON`.execute(db);
      }
    } else {
      await db.schema.alterTable('operators').addColumn('workspace_role', 'text').execute();
      await sql`update operators set workspace_role = 'owner' where role = 'owner'`.execute(db);
      await db.schema.dropIndex('operators_project').execute();
      await db.schema.alterTable('operators').dropColumn('project_id').execute();
      await db.schema.alterTable('operators').dropColumn('role').execute();
    }
  },
  async down() {
    throw new Error('0002_workspace cannot be undone: restore a backup taken before the upgrade');
  },
};

/** Developer events about visitors (`parley('event', name, props)`), shown on operators' timelines. */
const visitorEvents: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('visitor_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('props', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // A resend (same client id) records nothing new.
    await db.schema.createIndex('visitor_events_client').on('visitor_events').columns(['visitor_id', 'client_id']).unique().execute();
    await db.schema.createIndex('visitor_events_visitor').on('visitor_events').columns(['visitor_id', 'at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('visitor_events').ifExists().execute();
  },
};

/**
 * The console of a support team (issue 14): read marks per operator, operator preferences, chat
 * limits and round-robin turns per membership, visitor card (note, block, location), groups with
 * routing, the project's tag list.
 */
const consoleTeams: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('dialog_reads')
      .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
      .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
      .addColumn('read_seq', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('dialog_reads_pk', ['dialog_id', 'operator_id'])
      .execute();
    await db.schema
      .alterTable('operators')
      .addColumn('prefs', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.alterTable('operators').addColumn('last_seen_at', 'bigint').execute();
    await db.schema.alterTable('memberships').addColumn('max_chats', 'integer').execute();
    await db.schema.alterTable('memberships').addColumn('last_assigned_at', 'bigint').execute();
    await db.schema.alterTable('visitors').addColumn('note', 'text').execute();
    await db.schema.alterTable('visitors').addColumn('blocked_at', 'bigint').execute();
    await db.schema.alterTable('visitors').addColumn('location', 'text').execute();
    await db.schema.alterTable('dialogs').addColumn('group_id', 'text').execute();

    await db.schema
      .createTable('groups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('groups_name').on('groups').columns(['project_id', 'name']).unique().execute();
    await db.schema
      .createTable('operator_groups')
      .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
      .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('operator_groups_pk', ['operator_id', 'group_id'])
      .execute();
    await db.schema
      .createTable('project_tags')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('color', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_tags_pk', ['project_id', 'name'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['project_tags', 'operator_groups', 'groups', 'dialog_reads']) await db.schema.dropTable(t).ifExists().execute();
  },
};

/** Read receipts both ways: how far the visitor has read each dialog (operators see "Read"). */
const visitorRead: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('dialogs')
      .addColumn('visitor_read_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('dialogs').dropColumn('visitor_read_seq').execute();
  },
};

/** The pre-chat form's consent to the privacy policy, with its time. */
const consent: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('visitors').addColumn('consent_at', 'bigint').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('visitors').dropColumn('consent_at').execute();
  },
};

/**
 * Email (issue 17): one row per dialog that mails its visitor (the reply token, what was mailed
 * and read, the pending batch, unsubscribe and bounce marks, the operator alert throttle) and a
 * durable outbox, so a mail server that is down only delays mail.
 */
const email: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('email_dialogs')
      .addColumn('dialog_id', 'text', (c) => c.primaryKey().references('dialogs.id').onDelete('cascade'))
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('token', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('mailed_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('visitor_read_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('reply_due_at', 'bigint')
      .addColumn('unsubscribed_at', 'bigint')
      .addColumn('bounced_at', 'bigint')
      .addColumn('alerted_at', 'bigint')
      .execute();
    await db.schema.createIndex('email_dialogs_due').on('email_dialogs').column('reply_due_at').execute();
    await db.schema
      .createTable('email_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
      .addColumn('dialog_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('to_addr', 'text', (c) => c.notNull())
      .addColumn('mail', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_at', 'bigint')
      .addColumn('sent_at', 'bigint')
      .addColumn('failed_at', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('email_outbox_due').on('email_outbox').column('next_at').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('email_outbox').ifExists().execute();
    await db.schema.dropTable('email_dialogs').ifExists().execute();
  },
};

/**
 * Messenger channels (issue 18): each message records its channel; bots and business accounts
 * per project; messenger clients (contacts) and the visitor they speak as; the durable outbox of
 * sends to the platforms; which dialog events were handed to the outbox; platform updates seen.
 */
const channels: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('messages')
      .addColumn('channel', 'text', (c) => c.notNull().defaultTo('web'))
      .execute();
    await db.schema
      .createTable('channel_configs')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('channel_configs_pk', ['project_id', 'kind'])
      .execute();
    await db.schema
      .createTable('channel_contacts')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('anon_visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('link', 'text', (c) => c.notNull())
      .addColumn('dialog_id', 'text')
      .addColumn('phone_state', 'text')
      .addColumn('phone', 'text')
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('pending', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('channel_contacts_pk', ['project_id', 'kind', 'chat_id'])
      .execute();
    await db.schema.createIndex('channel_contacts_visitor').on('channel_contacts').column('visitor_id').execute();
    await db.schema.createIndex('channel_contacts_anon').on('channel_contacts').column('anon_visitor_id').execute();
    await db.schema
      .createTable('channel_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('dialog_id', 'text')
      .addColumn('message_id', 'text')
      .addColumn('op', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_at', 'bigint', (c) => c.notNull())
      .addColumn('remote_ids', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('done_at', 'bigint')
      .execute();
    await db.schema.createIndex('channel_outbox_due').on('channel_outbox').columns(['status', 'next_at']).execute();
    await db.schema.createIndex('channel_outbox_message').on('channel_outbox').column('message_id').execute();
    await db.schema
      .createTable('channel_cursors')
      .addColumn('dialog_id', 'text', (c) => c.primaryKey().references('dialogs.id').onDelete('cascade'))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('channel_updates')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('update_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('channel_updates_pk', ['project_id', 'kind', 'update_id'])
      .execute();
    await db.schema
      .createTable('channel_refs')
      .addColumn('ref', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['channel_refs', 'channel_updates', 'channel_cursors', 'channel_outbox', 'channel_contacts', 'channel_configs']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
    await db.schema.alterTable('messages').dropColumn('channel').execute();
  },
};

/** Text issue 17's first inbound mail put before a spoofed reply (moved to email_messages by 0011). */
const SPOOF_PREFIX = /^⚠ Sent from (.*?), not from the visitor's address (.*?): check before trusting it\.\n\n/;

/**
 * Email marks per message (operators only): operator messages mailed to the visitor, visitor
 * messages that came by mail, the spoof flag. The spoof warning used to be a prefix of the
 * message text (seen by the visitor too): it moves here and the text is left as the visitor wrote it.
 */
const emailMarks: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('email_messages')
      .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
      .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('expected', 'text')
      .addColumn('spoofed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('email_messages_dialog').on('email_messages').column('dialog_id').execute();
    const flagged = await db
      .selectFrom('messages')
      .select(['id', 'dialog_id', 'text', 'created_at'])
      .where('author_kind', '=', 'visitor')
      .where('text', 'like', '⚠ Sent from %')
      .execute();
    for (const m of flagged as { id: string; dialog_id: string; text: string; created_at: number }[]) {
      const hit = SPOOF_PREFIX.exec(m.text);
      if (!hit) continue;
      const text = m.text.slice(hit[0].length);
      // SQLite's full-text index (0010_search) follows the text through its triggers.
      await db.updateTable('messages').set({ text }).where('id', '=', m.id).execute();
      await db
        .insertInto('email_messages')
        .values({
          message_id: m.id,
          dialog_id: m.dialog_id,
          direction: 'received',
          address: hit[1] === 'an unknown address' ? '' : hit[1],
          expected: hit[2] === '(none)' ? null : hit[2],
          spoofed: 1,
          at: m.created_at,
        })
        .execute();
    }
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('email_messages').ifExists().execute();
  },
};

/** The portable migrations, plus the dialect's own (SQLite: full-text search, see sqlite/search-migration.ts). */
export function migrationProvider(dialectMigrations: Record<string, Migration>): MigrationProvider {
  return {
    async getMigrations() {
      return {
        '0001_init': init,
        '0002_workspace': workspace,
        '0003_console_teams': consoleTeams,
        '0004_security': security,
        '0005_visitor_read': visitorRead,
        '0006_consent': consent,
        '0007_visitor_events': visitorEvents,
        '0008_email': email,
        '0009_channels': channels,
        ...dialectMigrations,
        '0011_email_marks': emailMarks,
        // Issue 16's tables and dialogs.first_reply_at: after the dialect's 0010_search (SQLite) and 0011_email_marks.
        '0012_integrations': integrations,
        '0013_stats_indexes': statsIndexes,
        // Issue 19: request numbers per project and the "waiting for the client" mark.
        '0014_requests': requests,
        // Issue 19: the knowledge base (SQLite's full-text index over it is the dialect's 0016_help_search).
        '0015_help': help,
        // Issue 12: claims on outbox rows and leases, for several nodes on one database.
        '0020_cluster': cluster,
        // Issue 19: a request's subject, and continuing an older request.
        '0021_request_subjects': requestSubjects,
        // Issue 12: the email outbox claims rows like the other outboxes.
        '0022_cluster_email': clusterEmail,
      };
    },
  };
}
