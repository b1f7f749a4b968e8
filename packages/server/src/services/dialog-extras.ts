import type { DialogSummary, Note } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { insertNote, replaceTags } from '../storage/dialog-extras';
import { topics, type OpsTopicMsg } from '../realtime/topics';
import { notesOf } from './dialog-queries';
import { publishSummary } from './events';
import { summaryOf } from './render';
import { visibleDialog, type Actor } from './operator-actions';

/** An internal note. Notes live apart from the visitor's event sequence: they can never reach a visitor socket. */
export async function addNote(ctx: Ctx, actor: Actor, dialogId: string, text: string): Promise<Note> {
  const d = await visibleDialog(ctx, actor, dialogId);
  const row = { id: randomId(), dialog_id: d.id, operator_id: actor.id, text, created_at: ctx.now() };
  await insertNote(ctx.db, row);
  const [note] = await notesOf(ctx, [row]);
  if (!note) throw new Error('note vanished');
  ctx.bus.publish(topics.ops(actor.projectId), { t: 'note', note, assigneeId: d.assignee_id } satisfies OpsTopicMsg);
  return note;
}

export async function setTags(ctx: Ctx, actor: Actor, dialogId: string, tags: string[]): Promise<void> {
  const d = await visibleDialog(ctx, actor, dialogId);
  await replaceTags(ctx.db, d.id, [...new Set(tags)]);
  await publishSummary(ctx, d.id);
}

/** The summary as `viewerId` sees it (their own unread count). */
export async function dialogSummary(ctx: Ctx, dialogId: string, viewerId: string): Promise<DialogSummary> {
  const s = await summaryOf(ctx.db, dialogId, viewerId);
  if (!s) throw new DomainError('not_found');
  return s;
}
