import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Integrations (issue 16): webhook endpoints, the events they are sent and one delivery row per
 * endpoint and event (the outbox, written in the event's own transaction), the CRM leads made
 * from dialogs, problem alerts, and the visitor's journey before the first message.
 */
export const integrations: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_endpoints_project').on('webhook_endpoints').column('project_id').execute();
    await db.schema
      .createTable('webhook_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
      .addColumn('event_id', 'text', (c) => c.notNull().references('webhook_events.id').onDelete('cascade'))
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_at', 'bigint')
      .addColumn('response_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('duration_ms', 'integer')
      .addColumn('last_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_at']).execute();
    await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'created_at']).execute();
    await db.schema.createIndex('webhook_deliveries_event').on('webhook_deliveries').column('event_id').execute();
    await db.schema
      .createTable('crm_leads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
      .addColumn('operator_id', 'text')
      .addColumn('event_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('crm_leads_dialog').on('crm_leads').column('dialog_id').execute();
    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('dialog_id', 'text')
      .addColumn('score', 'integer')
      .addColumn('comment', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('seen_at', 'bigint')
      .addColumn('mailed_at', 'bigint')
      .execute();
    await db.schema.createIndex('alerts_project').on('alerts').columns(['project_id', 'kind', 'created_at']).execute();
    await db.schema
      .createTable('visitor_journeys')
      .addColumn('visitor_id', 'text', (c) => c.primaryKey().references('visitors.id').onDelete('cascade'))
      .addColumn('landing_page', 'text')
      .addColumn('referrer', 'text')
      .addColumn('utm', 'text')
      .addColumn('visits', 'integer', (c) => c.notNull())
      .addColumn('first_seen', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // Statistics: each dialog's first operator reply (kept by the operator reply in services/messages.ts), and indexes
    // for the periods dialogs are counted in (started, closed, rated).
    await db.schema.alterTable('dialogs').addColumn('first_reply_at', 'bigint').execute();
    await sql`UPDATE dialogs SET first_reply_at = (SELECT MIN(m.created_at) FROM messages m WHERE m.dialog_id = dialogs.id AND m.author_kind = 'operator')`.execute(
      db,
    );
    // Covering: the statistics read only these columns, never the rows.
    await db.schema.createIndex('dialogs_project_created').on('dialogs').columns(['project_id', 'created_at', 'assignee_id', 'first_reply_at']).execute();
    await db.schema.createIndex('dialogs_project_closed').on('dialogs').columns(['project_id', 'closed_at', 'status', 'assignee_id', 'created_at']).execute();
    await db.schema.createIndex('dialogs_project_rated').on('dialogs').columns(['project_id', 'rated_at', 'rating_score', 'assignee_id']).execute();
  },
  async down(db: Kysely<any>) {
    for (const i of ['dialogs_project_created', 'dialogs_project_closed', 'dialogs_project_rated']) await db.schema.dropIndex(i).ifExists().execute();
    await db.schema.alterTable('dialogs').dropColumn('first_reply_at').execute();
    for (const t of ['visitor_journeys', 'alerts', 'crm_leads', 'webhook_deliveries', 'webhook_events', 'webhook_endpoints']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};
