/**
 * What the statistics tests share: an in-process server on the file's store (SQLite, or a
 * PostgreSQL database of its own in the `integration-pg` project) with the demo project and two
 * operators, and visitor and dialog rows written straight into the database with known times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Insertable } from 'kysely';
import { createServer, type ParleyServer } from '../src/app';
import { seedDemo } from '../src/seed';
import type { Actor } from '../src/services/operator-actions';
import type { DialogsTable, VisitorsTable } from '../src/storage/schema';
import { testStore } from './harness';

export interface StatsServer {
  server: ParleyServer;
  owner: Actor;
  ann: Actor;
  close(): Promise<void>;
}

export async function statsServer(seededAt: number): Promise<StatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-stats-'));
  const database = testStore() === 'postgres' ? await (await import('./pg-cluster')).testDatabase() : null;
  const server = await createServer({
    dataDir: dir,
    port: 0,
    retentionJob: false,
    geoip: false,
    logLevel: 'silent',
    ...(database ? { databaseUrl: database.url } : {}),
  });
  await seedDemo(server.ctx.db, dir, seededAt);
  const o = await server.ctx.db.selectFrom('operators').selectAll().executeTakeFirstOrThrow();
  await server.ctx.db
    .insertInto('operators')
    .values({ ...o, id: 'annOperator0', email: 'ann@x.test', name: 'Ann' })
    .execute();
  return {
    server,
    owner: { id: o.id, projectId: 'demo', role: 'owner', name: o.name },
    ann: { id: 'annOperator0', projectId: 'demo', role: 'operator', name: 'Ann' },
    async close() {
      await server.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function setZone(server: ParleyServer, timeZone: string) {
  const row = await server.ctx.db.selectFrom('projects').select('settings').where('id', '=', 'demo').executeTakeFirstOrThrow();
  const settings = JSON.parse(row.settings);
  settings.schedule = { ...settings.schedule, timeZone };
  await server.ctx.db
    .updateTable('projects')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', 'demo')
    .execute();
  server.ctx.projects.changed('demo');
}

/** An anonymous visitor of the demo project first seen at `at`. */
export const visitorRow = (id: string, at: number): Insertable<VisitorsTable> => ({
  id,
  project_id: 'demo',
  kind: 'anonymous',
  user_id: null,
  name: null,
  email: null,
  phone: null,
  custom_params: '{}',
  ip: null,
  referrer: null,
  search: '',
  first_seen_at: at,
  last_seen_at: at,
  note: null,
  blocked_at: null,
  location: null,
  successor_id: null,
  erased_at: null,
  consent_at: null,
});

/** A web dialog of the demo project with what the statistics read; closed when `closedAt` is set. */
export function dialogRow(p: {
  id: string;
  visitorId: string;
  createdAt: number;
  assigneeId: string | null;
  firstReplyAt: number | null;
  closedAt: number | null;
  rating: { score: number; at: number } | null;
}): Insertable<DialogsTable> {
  return {
    id: p.id,
    project_id: 'demo',
    visitor_id: p.visitorId,
    status: p.closedAt ? 'closed' : 'open',
    close_status: p.closedAt ? 'resolved' : null,
    channel: 'web',
    assignee_id: p.assigneeId,
    last_seq: 2,
    custom_params: '{}',
    created_at: p.createdAt,
    updated_at: p.createdAt,
    closed_at: p.closedAt,
    last_activity_at: p.createdAt,
    rating_score: p.rating?.score ?? null,
    rating_comment: null,
    rated_at: p.rating?.at ?? null,
    rating_client_id: null,
    unread: 0,
    operator_read_seq: 0,
    visitor_read_seq: 0,
    last_message_text: null,
    last_message_author: null,
    last_message_at: null,
    last_message_has_attachments: 0,
    group_id: null,
    erased_at: null,
    // What services/messages.ts keeps for an operator reply.
    first_reply_at: p.firstReplyAt,
  };
}
