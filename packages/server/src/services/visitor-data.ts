import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import {
  deviceLabel,
  isAdminRole,
  type AttachmentKind,
  type CloseStatus,
  type CustomParams,
  type DeviceInfo,
  type ErasedCounts,
  type VisitorExport,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { parseJsonObject, type DialogRow, type FileRow, type VisitorRow } from '../storage/rows';
import { topics, type VisitorTopicMsg } from '../realtime/topics';
import { canSee, type Actor } from './operator-actions';
import { deviceRecord } from './dialog-queries';
import { leadOf } from './leads';
import { operatorsById, ratingOf } from './render';
import { dialogs as dialogRepo } from '../storage/dialogs';
import { publishChange } from './fanout';
import { deleteFiles } from './retention';
import { scrubWebhookEvents } from './webhooks/erase';

/**
 * A visitor's rights: export (access) and erase. "The visitor" is the person behind a visitor row:
 * for an anonymous visitor, also the rows they continued from or as after a closed dialog
 * (successor links), since those are the same browser.
 */

/** Every row linked to `visitorId` by successor links, both ways. */
async function chainOf(ctx: Ctx, visitorId: string): Promise<string[]> {
  const seen = new Set<string>([visitorId]);
  let frontier = [visitorId];
  while (frontier.length > 0 && seen.size < 1000) {
    const rows = await ctx.db
      .selectFrom('visitors')
      .select(['id', 'successor_id'])
      .where((eb) => eb.or([eb('id', 'in', frontier), eb('successor_id', 'in', frontier)]))
      .execute();
    const next: string[] = [];
    for (const r of rows) {
      for (const id of [r.id, r.successor_id]) {
        if (id && !seen.has(id)) {
          seen.add(id);
          next.push(id);
        }
      }
    }
    frontier = next;
  }
  return [...seen];
}

/**
 * The visitor (and its chain) if the actor may act on it: admins, any visitor of the project;
 * operators, a visitor whose every dialog they may see. Anything else reads as missing (404).
 */
async function visitorFor(ctx: Ctx, actor: Actor, visitorId: string): Promise<{ visitor: VisitorRow; ids: string[]; dialogs: DialogRow[] }> {
  const visitor = await ctx.db.selectFrom('visitors').selectAll().where('id', '=', visitorId).executeTakeFirst();
  if (!visitor || visitor.project_id !== actor.projectId) throw new DomainError('not_found');
  const ids = await chainOf(ctx, visitor.id);
  const dialogs = await ctx.db.selectFrom('dialogs').selectAll().where('visitor_id', 'in', ids).orderBy('created_at').execute();
  if (!isAdminRole(actor.role) && (dialogs.length === 0 || !dialogs.every((d) => canSee(actor, d)))) throw new DomainError('not_found');
  return { visitor, ids, dialogs };
}

const fileName = (f: Pick<FileRow, 'id' | 'name'>) => `files/${f.id}-${f.name.replace(/[\\/]/g, '_')}`;

/** Everything stored about the visitor, and the files (for the zip). */
export async function exportVisitor(ctx: Ctx, actor: Actor, visitorId: string): Promise<{ data: VisitorExport; files: FileRow[] }> {
  const { visitor: v, ids, dialogs } = await visitorFor(ctx, actor, visitorId);
  const dialogIds = dialogs.map((d) => d.id);
  const none = ['\u0000'];
  const [devices, pages, messages, files, notes, tags, leads] = await Promise.all([
    ctx.db.selectFrom('devices').selectAll().where('visitor_id', 'in', ids).orderBy('first_seen_at').execute(),
    ctx.db.selectFrom('page_visits').selectAll().where('visitor_id', 'in', ids).orderBy('at').execute(),
    ctx.db
      .selectFrom('messages')
      .selectAll()
      .where('dialog_id', 'in', dialogIds.length ? dialogIds : none)
      .orderBy('dialog_id')
      .orderBy('seq')
      .execute(),
    ctx.db
      .selectFrom('files')
      .selectAll()
      .where((eb) => eb.or([eb('dialog_id', 'in', dialogIds.length ? dialogIds : none), eb('uploader_visitor_id', 'in', ids)]))
      .orderBy('created_at')
      .execute(),
    ctx.db
      .selectFrom('notes')
      .selectAll()
      .where('dialog_id', 'in', dialogIds.length ? dialogIds : none)
      .orderBy('created_at')
      .execute(),
    ctx.db
      .selectFrom('dialog_tags')
      .select(['dialog_id', 'tag'])
      .where('dialog_id', 'in', dialogIds.length ? dialogIds : none)
      .orderBy('tag')
      .execute(),
    ctx.db.selectFrom('leads').selectAll().where('visitor_id', 'in', ids).orderBy('created_at').execute(),
  ]);
  const ops = await ctx.store.read((x) => operatorsById(x, [...messages.map((m) => m.operator_id), ...notes.map((n) => n.operator_id)]));
  const deviceById = new Map(devices.map((d) => [d.id, deviceLabel(parseJsonObject(d.info) as unknown as DeviceInfo)]));
  const filesOf = (messageId: string) => files.filter((f) => f.message_id === messageId);
  const data: VisitorExport = {
    exportedAt: ctx.now(),
    project: v.project_id,
    visitor: {
      id: v.id,
      kind: v.kind === 'verified' ? 'verified' : 'anonymous',
      userId: v.user_id,
      name: v.name,
      email: v.email,
      phone: v.phone,
      ip: v.ip,
      referrer: v.referrer,
      customParams: parseJsonObject(v.custom_params) as CustomParams,
      firstSeenAt: v.first_seen_at,
      lastSeenAt: v.last_seen_at,
    },
    devices: devices.map(deviceRecord),
    pages: pages.map((p) => ({ url: p.url, title: p.title, referrer: p.referrer, at: p.at })),
    dialogs: dialogs.map((d) => ({
      id: d.id,
      status: d.status === 'closed' ? 'closed' : 'open',
      closeStatus: (d.close_status as CloseStatus | null) ?? null,
      channel: d.channel as VisitorExport['dialogs'][number]['channel'],
      createdAt: d.created_at,
      closedAt: d.closed_at,
      customParams: parseJsonObject(d.custom_params) as CustomParams,
      tags: tags.filter((t) => t.dialog_id === d.id).map((t) => t.tag),
      rating: ratingOf(d),
      messages: messages
        .filter((m) => m.dialog_id === d.id)
        .map((m) => {
          const op = m.operator_id ? ops.get(m.operator_id) : undefined;
          const kind = m.author_kind === 'operator' ? 'operator' : m.author_kind === 'system' ? 'system' : 'visitor';
          return {
            id: m.id,
            seq: m.seq,
            author: op ? { kind, name: op.name } : { kind },
            text: m.deleted_at === null ? m.text : '',
            createdAt: m.created_at,
            editedAt: m.edited_at,
            deletedAt: m.deleted_at,
            device: m.device_id ? (deviceById.get(m.device_id) ?? null) : null,
            attachments: filesOf(m.id).map((f) => ({
              id: f.id,
              name: f.name,
              mime: f.mime,
              size: Number(f.size),
              kind: f.kind as AttachmentKind,
              path: fileName(f),
            })),
          };
        }),
      notes: notes.filter((n) => n.dialog_id === d.id).map((n) => ({ author: ops.get(n.operator_id)?.name ?? '', text: n.text, createdAt: n.created_at })),
    })),
    uploads: files
      .filter((f) => f.message_id === null)
      .map((f) => ({
        id: f.id,
        name: f.name,
        mime: f.mime,
        size: Number(f.size),
        createdAt: f.created_at,
        path: fileName(f),
      })),
    leads: leads.map(leadOf),
  };
  return { data, files };
}

/** The export as a zip: visitor.json plus every file under files/ (bytes that are gone are skipped). */
export async function exportZip(ctx: Ctx, data: VisitorExport, files: FileRow[]): Promise<Readable> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(data, null, 2)), 'visitor.json');
  for (const f of files) {
    const path = join(ctx.paths.files, f.id);
    if (
      await stat(path).then(
        () => true,
        () => false,
      )
    )
      zip.addReadStream(createReadStream(path), fileName(f), { compress: false });
  }
  zip.end();
  // yazl's stream is an old-style stream: pipe it through a modern one for Fastify.
  return zip.outputStream.pipe(new PassThrough());
}

/**
 * Erases a visitor: messages, notes, files (rows and bytes), devices, tokens, page visits and leads
 * go, webhook events about them keep only their id, type and time (deliveries still waiting are cancelled); the visitor row stays as an empty tombstone (no id, name, contacts, IP, params), so do the
 * dialogs (closed, without texts, params or rating comment: operators' statistics keep their
 * counts). Live sockets of the visitor are told `session.ended` (erased) and closed.
 */
export async function eraseVisitor(ctx: Ctx, actor: Actor, visitorId: string): Promise<ErasedCounts> {
  const { ids, dialogs } = await visitorFor(ctx, actor, visitorId);
  const now = ctx.now();
  const dialogIds = dialogs.map((d) => d.id);
  const none = ['\u0000'];
  const dIn = dialogIds.length ? dialogIds : none;
  const n = (r: { numDeletedRows: bigint } | { numUpdatedRows: bigint }) => Number('numDeletedRows' in r ? r.numDeletedRows : r.numUpdatedRows);
  const { counts, fileIds } = await ctx.db.transaction().execute(async (trx) => {
    const files = await trx
      .deleteFrom('files')
      .where((eb) => eb.or([eb('dialog_id', 'in', dIn), eb('uploader_visitor_id', 'in', ids)]))
      .returning('id')
      .execute();
    const c: ErasedCounts = {
      visitors: ids.length,
      dialogs: dialogIds.length,
      files: files.length,
      messages: n(await trx.deleteFrom('messages').where('dialog_id', 'in', dIn).executeTakeFirst()),
      notes: n(await trx.deleteFrom('notes').where('dialog_id', 'in', dIn).executeTakeFirst()),
      devices: 0,
      tokens: n(await trx.deleteFrom('visitor_tokens').where('visitor_id', 'in', ids).executeTakeFirst()),
      pageVisits: n(await trx.deleteFrom('page_visits').where('visitor_id', 'in', ids).executeTakeFirst()),
      leads: n(await trx.deleteFrom('leads').where('visitor_id', 'in', ids).where('project_id', '=', actor.projectId).executeTakeFirst()),
    };
    c.devices = n(await trx.deleteFrom('devices').where('visitor_id', 'in', ids).executeTakeFirst());
    await trx.deleteFrom('events').where('dialog_id', 'in', dIn).execute();
    // Their address and messages in mail waiting or sent, and their dialogs' reply tokens.
    await trx.deleteFrom('email_messages').where('dialog_id', 'in', dIn).execute();
    await trx.deleteFrom('email_outbox').where('dialog_id', 'in', dIn).execute();
    await trx.deleteFrom('email_dialogs').where('dialog_id', 'in', dIn).execute();
    // Messenger chats (chat id, phone) and the copies of messages waiting to go out to them.
    await trx
      .deleteFrom('channel_contacts')
      .where((eb) => eb.or([eb('visitor_id', 'in', ids), eb('anon_visitor_id', 'in', ids)]))
      .execute();
    await trx.deleteFrom('channel_outbox').where('dialog_id', 'in', dIn).execute();
    // Their journey (landing page, referrer, UTM), CRM leads made from their dialogs and the alerts about them.
    await trx.deleteFrom('visitor_journeys').where('visitor_id', 'in', ids).execute();
    await trx.deleteFrom('crm_leads').where('dialog_id', 'in', dIn).execute();
    await trx.updateTable('alerts').set({ comment: null }).where('dialog_id', 'in', dIn).execute();
    // Webhook events already built from them (message texts, contacts, leads, ratings).
    await scrubWebhookEvents(trx, actor.projectId, [...ids, ...dialogIds], now);
    await trx.deleteFrom('channel_refs').where('visitor_id', 'in', ids).execute();
    await trx
      .updateTable('dialogs')
      .set((eb) => ({
        status: 'closed',
        close_status: eb.fn.coalesce('close_status', eb.val('resolved')),
        closed_at: eb.fn.coalesce('closed_at', eb.val(now)),
        custom_params: '{}',
        rating_comment: null,
        last_message_text: null,
        last_message_author: null,
        last_message_at: null,
        last_message_has_attachments: 0,
        unread: 0,
        erased_at: now,
        updated_at: now,
      }))
      .where('id', 'in', dIn)
      .execute();
    await trx
      .updateTable('visitors')
      .set({
        user_id: null,
        name: null,
        email: null,
        phone: null,
        ip: null,
        referrer: null,
        custom_params: '{}',
        search: '',
        successor_id: null,
        erased_at: now,
        consent_at: null,
      })
      .where('id', 'in', ids)
      .execute();
    return { counts: c, fileIds: files.map((f) => f.id) };
  });
  await deleteFiles(ctx, fileIds);
  for (const id of ids) ctx.bus.publish(topics.visitors(actor.projectId), { t: 'ended', visitorId: id, reason: 'erased' } satisfies VisitorTopicMsg);
  for (const card of await ctx.store.read((x) => Promise.all(dialogIds.map((id) => dialogRepo.cardById(x, ctx.store.dialect, id))))) {
    if (card) publishChange(ctx, { card, rows: [] });
  }
  ctx.log.info({ purge: 'erase', by: actor.id, visitor: visitorId, ...counts }, 'visitor erased');
  return counts;
}
