import type { ExternalChannel, Locale } from '@parley/protocol';
import type { Db } from '../storage/open';
import type { Selectable } from 'kysely';
import type { ChannelContactsTable } from '../storage/schema';
import { newVisitorRow } from '../storage/visitors';
import { randomId } from '../util/crypto';

export type ContactRow = Selectable<ChannelContactsTable>;
export type PhoneState = 'asked' | 'shared' | 'refused';

/** A message held while the phone question is open (its files are already stored). */
export interface Pending {
  clientId: string;
  text: string;
  fileIds: string[];
}

export async function findContact(db: Db, projectId: string, kind: ExternalChannel, chatId: string): Promise<ContactRow | undefined> {
  return db
    .selectFrom('channel_contacts')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('kind', '=', kind)
    .where('chat_id', '=', chatId)
    .executeTakeFirst();
}

/** The contact of a chat, made on first contact with an anonymous visitor row of its own. */
export async function contactOf(
  db: Db,
  p: { projectId: string; kind: ExternalChannel; chatId: string; name: string | null; locale: Locale; now: number },
): Promise<ContactRow> {
  const found = await findContact(db, p.projectId, p.kind, p.chatId);
  if (found) return found;
  return db.transaction().execute(async (trx) => {
    const v = newVisitorRow({
      id: randomId(),
      projectId: p.projectId,
      ip: null,
      referrer: null,
      location: null,
      name: p.name?.slice(0, 100) ?? null,
      now: p.now,
    });
    await trx.insertInto('visitors').values(v).execute();
    const row: ContactRow = {
      project_id: p.projectId,
      kind: p.kind,
      chat_id: p.chatId,
      anon_visitor_id: v.id,
      visitor_id: v.id,
      link: 'anonymous',
      dialog_id: null,
      phone_state: null,
      phone: null,
      locale: p.locale,
      pending: '[]',
      created_at: p.now,
      updated_at: p.now,
    };
    await trx.insertInto('channel_contacts').values(row).execute();
    return row;
  });
}

export async function updateContact(db: Db, c: ContactRow, set: Partial<ContactRow>, now: number): Promise<ContactRow> {
  const next = { ...c, ...set, updated_at: now };
  await db
    .updateTable('channel_contacts')
    .set({ ...set, updated_at: now })
    .where('project_id', '=', c.project_id)
    .where('kind', '=', c.kind)
    .where('chat_id', '=', c.chat_id)
    .execute();
  return next;
}

export function pendingOf(c: ContactRow): Pending[] {
  try {
    const list = JSON.parse(c.pending) as unknown;
    return Array.isArray(list) ? (list as Pending[]) : [];
  } catch {
    return [];
  }
}
