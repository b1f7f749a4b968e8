import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../context';
import type { SqlExec } from '../storage/sql';
import { retention, type Purged } from '../storage/retention';
import { webhookEventIdBound } from './webhooks/record';

const DAY = 86_400_000;
const IDLE_VISITOR_DAYS = 30;

export interface RetentionReport {
  dialogs: number;
  messages: number;
  events: number;
  notes: number;
  files: number;
  visitors: number;
  webhookEvents: number;
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
  const gone = await ctx.db.deleteFrom('files').where('message_id', 'is', null).where('created_at', '<', cutoff).returning(['id', 'size']).execute();
  await deleteFiles(
    ctx,
    gone.map((r) => r.id),
  );
  return { files: gone.length, bytes: gone.reduce((n, r) => n + Number(r.size), 0) };
}

/** The instant before which a project's history is deleted. */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * DAY;
}

/** Rows per delete: each batch is a short transaction, group-committed like any other write. */
const BATCH = 500;

/**
 * Deletes what is older than each project's retention: messages, their events, notes and files
 * (rows and bytes), whole dialogs in which nothing happened within the period, and visitors left with
 * nothing (tokens, devices, page visits and recorded events go with them; those who never wrote, after 30 days).
 * Leads are kept: they are requests the business still has to handle. Runs in batches of a few
 * hundred rows, each its own short write, yielding to the event loop in between, so sends and
 * reads go on while a large purge runs.
 */
export async function runRetention(ctx: Ctx): Promise<RetentionReport> {
  const report: RetentionReport = { dialogs: 0, messages: 0, events: 0, notes: 0, files: 0, visitors: 0, webhookEvents: 0 };
  const now = ctx.now();
  const drain = async (purge: (x: SqlExec) => Promise<Purged>): Promise<number> => {
    let total = 0;
    for (;;) {
      const r = await ctx.store.write((tx) => purge(tx));
      total += r.rows;
      report.files += r.fileIds.length;
      await deleteFiles(ctx, r.fileIds);
      if (r.rows < BATCH) return total;
      await new Promise((res) => setImmediate(res));
    }
  };
  for (const projectId of await ctx.projects.ids()) {
    const project = await ctx.projects.get(projectId);
    if (!project) continue;
    const cutoff = retentionCutoff(now, project.settings.retentionDays);
    report.messages += await drain((x) => retention.messages(x, projectId, cutoff, BATCH));
    report.events += await drain((x) => retention.events(x, projectId, cutoff, BATCH));
    report.notes += await drain((x) => retention.notes(x, projectId, cutoff, BATCH));
    await drain((x) => retention.files(x, projectId, cutoff, BATCH));
    // Cascades remove whatever is left of inactive dialogs (their messages are older than the cutoff, so already gone).
    report.dialogs += await drain((x) => retention.dialogs(x, projectId, cutoff, BATCH));
    await drain((x) => retention.pageVisits(x, projectId, cutoff, BATCH));
    await ctx.db
      .deleteFrom('visitor_events')
      .where('visitor_id', 'in', ctx.db.selectFrom('visitors').select('id').where('project_id', '=', projectId))
      .where('at', '<', cutoff)
      .execute();
    // Visitors who never wrote (every page load makes one) go after 30 days at most.
    const idleCutoff = Math.max(cutoff, now - IDLE_VISITOR_DAYS * DAY);
    // With what they uploaded and never sent.
    await drain((x) => retention.idleUploads(x, projectId, idleCutoff, BATCH));
    report.visitors += await drain((x) => retention.visitors(x, projectId, idleCutoff, BATCH));
  }
  await drain((x) => retention.sessions(x, now, BATCH));
  // The webhook delivery log: one setting for the server (PARLEY_WEBHOOK_LOG_DAYS).
  const logCutoff = retentionCutoff(now, ctx.opts.webhooks.logDays);
  report.webhookEvents = await drain((x) => retention.webhookEvents(x, webhookEventIdBound(logCutoff), logCutoff, BATCH));
  return report;
}

/** Upload leftovers from a crash. */
export async function cleanTemp(dir: string, olderThanMs = 0): Promise<void> {
  const before = Date.now() - olderThanMs;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    if (olderThanMs > 0 && ((await stat(path).catch(() => null))?.mtimeMs ?? 0) > before) continue;
    await rm(path, { force: true, recursive: true });
  }
}
