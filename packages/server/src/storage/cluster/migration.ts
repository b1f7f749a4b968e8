import type { Kysely, Migration } from 'kysely';

/**
 * Several nodes on one database (issue 12): a claim on each outbox row (the node sending it and
 * until when), so a row goes out once however many nodes run the outbox, and `node_leases`, one
 * row per job only one node may run (Telegram long polling of a project). A claim or lease whose
 * time has passed belongs to nobody: a node that died hands its work over by doing nothing.
 */
export const cluster: Migration = {
  async up(db: Kysely<any>) {
    for (const table of ['webhook_deliveries', 'channel_outbox']) {
      await db.schema.alterTable(table).addColumn('claimed_by', 'text').execute();
      await db.schema.alterTable(table).addColumn('claimed_until', 'bigint').execute();
    }
    await db.schema
      .createTable('node_leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('until', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('node_leases').ifExists().execute();
    for (const table of ['webhook_deliveries', 'channel_outbox']) {
      await db.schema.alterTable(table).dropColumn('claimed_until').execute();
      await db.schema.alterTable(table).dropColumn('claimed_by').execute();
    }
  },
};

/**
 * The email outbox claims its rows the same way (it used to move `next_at` forward instead: a
 * second way of doing one thing, and a row being sent looked like one due later).
 */
export const clusterEmail: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('email_outbox').addColumn('claimed_by', 'text').execute();
    await db.schema.alterTable('email_outbox').addColumn('claimed_until', 'bigint').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('email_outbox').dropColumn('claimed_until').execute();
    await db.schema.alterTable('email_outbox').dropColumn('claimed_by').execute();
  },
};
