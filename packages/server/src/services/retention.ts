import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../context';

const DAY = 86_400_000;
const IDLE_VISITOR_DAYS = 30;

export interface RetentionReport {
  dialogs: number;
  messages: number;
  events: number;
  notes: number;
  files: number;
  visitors: number;
}

/** Deletes the bytes of files whose rows are already gone. */
export async function deleteFiles(ctx: Ctx, ids: readonly string[]): Promise<void> {
  for (const id of ids) await rm(join(ctx.paths.files, id), { force: true });
}

/**
 * Uploads nobody attached to a message within the TTL (30 minutes by default): a visitor who
 * uploads and never sends keeps nothing on our disk for long. Rows first, bytes after commit.
 */
export async function purgeUnattachedUploads(ctx: Ctx): Promise<{ files: number; bytes: number }> {
  const cutoff = ctx.now() - ctx.opts.storage.unattachedUploadTtlMs;
  // One statement: a file attached meanwhile no longer matches, so its bytes stay.
  const gone = await ctx.db.deleteFrom('files').where('message_id', 'is', null).where('created_at', '<', cutoff)
    .returning(['id', 'size']).execute();
  await deleteFiles(ctx, gone.map((r) => r.id));
  return { files: gone.length, bytes: gone.reduce((n, r) => n + Number(r.size), 0) };
}

/** The instant before which a project's history is deleted. */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * DAY;
}

/**
 * Deletes what is older than each project's retention: messages, their events, notes and files
 * (rows and bytes), whole dialogs without activity within the period, and visitors left with
 * nothing (tokens, devices, page visits and recorded events go with them; those who never wrote, after 30 days).
 * Leads are kept: they are requests the business still has to handle.
 */
export async function runRetention(ctx: Ctx): Promise<RetentionReport> {
  const report: RetentionReport = { dialogs: 0, messages: 0, events: 0, notes: 0, files: 0, visitors: 0 };
  const now = ctx.now();
  for (const projectId of await ctx.projects.ids()) {
    const project = await ctx.projects.get(projectId);
    if (!project) continue;
    const cutoff = retentionCutoff(now, project.settings.retentionDays);
    const fileIds = await ctx.db.transaction().execute(async (trx) => {
      const dead = trx.selectFrom('dialogs').select('id').where('project_id', '=', projectId).where('last_activity_at', '<', cutoff);
      const oldMessages = trx.selectFrom('messages').select('id').where('project_id', '=', projectId).where('created_at', '<', cutoff);
      const files = await trx.selectFrom('files').select('id').where('project_id', '=', projectId)
        .where((eb) => eb.or([
          eb('created_at', '<', cutoff),
          eb('dialog_id', 'in', dead),
          eb('message_id', 'in', oldMessages),
        ]))
        .execute();
      const ids = files.map((f) => f.id);
      for (let i = 0; i < ids.length; i += 500) {
        await trx.deleteFrom('files').where('id', 'in', ids.slice(i, i + 500)).execute();
      }
      const inProject = trx.selectFrom('dialogs').select('id').where('project_id', '=', projectId);
      const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
      report.messages += n(await trx.deleteFrom('messages').where('project_id', '=', projectId).where('created_at', '<', cutoff).executeTakeFirst());
      report.events += n(await trx.deleteFrom('events').where('dialog_id', 'in', inProject).where('created_at', '<', cutoff).executeTakeFirst());
      report.notes += n(await trx.deleteFrom('notes').where('dialog_id', 'in', inProject).where('created_at', '<', cutoff).executeTakeFirst());
      // Cascades remove the remaining messages, events, notes and tags of inactive dialogs.
      report.dialogs += n(await trx.deleteFrom('dialogs').where('project_id', '=', projectId).where('last_activity_at', '<', cutoff).executeTakeFirst());
      await trx.deleteFrom('page_visits')
        .where('visitor_id', 'in', trx.selectFrom('visitors').select('id').where('project_id', '=', projectId))
        .where('at', '<', cutoff).execute();
      await trx.deleteFrom('visitor_events')
        .where('visitor_id', 'in', trx.selectFrom('visitors').select('id').where('project_id', '=', projectId))
        .where('at', '<', cutoff).execute();
      // Visitors who never wrote (every page load makes one) go after 30 days at most, with what
      // they uploaded and never sent.
      const idleCutoff = Math.max(cutoff, now - IDLE_VISITOR_DAYS * DAY);
      const idle = trx.selectFrom('visitors').select('visitors.id').where('project_id', '=', projectId).where('last_seen_at', '<', idleCutoff)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('dialogs').select('dialogs.id').whereRef('dialogs.visitor_id', '=', 'visitors.id'))));
      const idleUploads = await trx.selectFrom('files').select('id').where('uploader_visitor_id', 'in', idle).where('message_id', 'is', null).execute();
      if (idleUploads.length > 0) {
        await trx.deleteFrom('files').where('uploader_visitor_id', 'in', idle).where('message_id', 'is', null).execute();
        ids.push(...idleUploads.map((f) => f.id));
      }
      report.visitors += n(await trx.deleteFrom('visitors').where('id', 'in', idle).executeTakeFirst());
      return ids;
    });
    report.files += fileIds.length;
    await deleteFiles(ctx, fileIds);
  }
  await ctx.db.deleteFrom('operator_sessions').where('expires_at', '<', now).execute();
  return report;
}

/** Upload leftovers from a crash. */
export async function cleanTemp(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) await rm(join(dir, name), { force: true, recursive: true });
}
