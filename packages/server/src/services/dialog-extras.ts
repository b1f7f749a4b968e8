import type { Note } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { notes } from '../storage/notes';
import { topics, type OpsTopicMsg } from '../realtime/topics';
import { notesOf } from './dialog-queries';
import { visibleDialog, type Actor } from './operator-actions';

/** An internal note. Notes live apart from the visitor's event sequence: they can never reach a visitor socket. */
export async function addNote(ctx: Ctx, actor: Actor, dialogId: string, text: string): Promise<Note> {
  const d = await visibleDialog(ctx, actor, dialogId);
  const row = { id: randomId(), dialog_id: d.id, operator_id: actor.id, text, created_at: ctx.now() };
  await ctx.store.write((tx) => notes.insert(tx, row));
  const [note] = await ctx.store.read((x) => notesOf(x, [row]));
  if (!note) throw new Error('note vanished');
  ctx.bus.publish(topics.ops(actor.projectId), { t: 'note', note, assigneeId: d.assignee_id } satisfies OpsTopicMsg);
  return note;
}
