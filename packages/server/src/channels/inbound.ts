import { channelText, type ChannelTextId, type ExternalChannel, type Locale } from '@parley/protocol';
import type { Ctx } from '../context';
import { isDomainError } from '../util/errors';
import { dialogs } from '../storage/dialogs';
import { visitors } from '../storage/visitors';
import { sendMessage } from '../services/messages';
import { sendSystemMessage } from '../services/system-messages';
import { storeUpload } from '../services/uploads';
import { cleanFileName } from '../services/file-rules';
import { contactOf, pendingOf, updateContact, type ContactRow, type Pending } from './contacts';
import { matchPhone, phoneParts } from './phone';
import { watchDialog } from './dispatch';
import { ChannelError, type Inbound } from './types';

/** How a project runs one channel (from its settings). */
export interface ChannelPolicy {
  kind: ExternalChannel;
  defaultLocale: Locale;
  verifyPhone: boolean;
  lookupUrl: string | null;
}

export interface InboundDeps {
  ctx: Ctx;
  /** A system text to the client through the outbox. */
  say(c: ContactRow, text: string, opts: { keyboard?: 'phone' | 'remove' }): Promise<void>;
}

/**
 * One platform update into Parley: the contact and the visitor it speaks as, the phone question
 * (SupHelper's Telegram verification), then the message into the visitor's dialog. A second
 * delivery of the same update is dropped; a message stored before a crash is stored once (its
 * platform id is its client id).
 */
export async function receive(deps: InboundDeps, projectId: string, policy: ChannelPolicy, inb: Inbound): Promise<void> {
  const { ctx } = deps;
  const db = ctx.db;
  const latestSuccessor = (visitorId: string) => ctx.store.read((x) => visitors.latestSuccessor(x, visitorId));
  const seen = await db
    .selectFrom('channel_updates')
    .select('update_id')
    .where('project_id', '=', projectId)
    .where('kind', '=', policy.kind)
    .where('update_id', '=', inb.updateId)
    .executeTakeFirst();
  if (seen) return;
  const now = ctx.now();
  let c = await contactOf(db, { projectId, kind: policy.kind, chatId: inb.chatId, name: inb.name, locale: policy.defaultLocale, now });
  const say = (id: ChannelTextId, opts: { keyboard?: 'phone' | 'remove'; vars?: Record<string, string> } = {}) =>
    deps.say(c, channelText(c.locale as Locale, id, opts.vars), opts.keyboard ? { keyboard: opts.keyboard } : {});

  // A deep link from the web widget (t.me/<bot>?start=<ref>): the client joins that visitor's dialog.
  if (inb.start) {
    const ref = await db.selectFrom('channel_refs').selectAll().where('ref', '=', inb.start).where('project_id', '=', projectId).executeTakeFirst();
    let joined: string | null = ref && ref.expires_at > now ? ref.visitor_id : null;
    if (!joined) {
      // The multiwidget's link passes the web dialog's id: that joins an open anonymous dialog only. A
      // signed-in visitor's dialog needs a ref issued to their token (an id alone must not make someone them).
      const d = await db
        .selectFrom('dialogs')
        .innerJoin('visitors', 'visitors.id', 'dialogs.visitor_id')
        .select(['dialogs.visitor_id', 'visitors.kind'])
        .where('dialogs.id', '=', inb.start)
        .where('dialogs.project_id', '=', projectId)
        .where('dialogs.status', '=', 'open')
        .executeTakeFirst();
      if (d && d.kind === 'anonymous') joined = d.visitor_id;
    }
    if (joined) {
      c = await updateContact(db, c, { visitor_id: (await latestSuccessor(joined)).id, link: 'ref', phone_state: null, dialog_id: null }, now);
    }
  }
  // An anonymous client whose dialog was closed continues as the row that came after it.
  if (c.link === 'anonymous' || c.link === 'ref') {
    const next = (await latestSuccessor(c.visitor_id)).id;
    if (next !== c.visitor_id) c = await updateContact(db, c, { visitor_id: next, ...(c.link === 'anonymous' ? { anon_visitor_id: next } : {}) }, now);
  }
  // A phone choice holds until its dialog is closed: then it is asked again, and a link made by it ends.
  const latest = await latestDialogOf(ctx, c.visitor_id);
  const open = latest && latest.status === 'open' ? latest : undefined;
  if ((c.phone_state === 'shared' || c.phone_state === 'refused') && (!open || open.id !== c.dialog_id)) {
    const back = c.link === 'phone' || c.link === 'manual' ? { visitor_id: (await latestSuccessor(c.anon_visitor_id)).id, link: 'anonymous' } : {};
    c = await updateContact(db, c, { ...back, phone_state: null, dialog_id: null }, now);
  }
  const visitor = await db.selectFrom('visitors').select(['kind']).where('id', '=', c.visitor_id).executeTakeFirstOrThrow();
  const needsPhone = policy.verifyPhone && visitor.kind !== 'verified';
  const decided = c.phone_state === 'shared' || c.phone_state === 'refused';
  const done = () =>
    db
      .insertInto('channel_updates')
      .values({ project_id: projectId, kind: policy.kind, update_id: inb.updateId, at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();

  if (inb.unsupported) {
    await say('unsupportedFile');
    return void (await done());
  }
  if (needsPhone && !decided) {
    if (inb.contact) await phoneShared(deps, projectId, policy, c, inb.contact.phone);
    else if (inb.refused) await phoneRefused(deps, projectId, policy, c);
    else {
      if (inb.text.trim() !== '' || inb.files.length > 0) {
        const fileIds = await storeFiles(deps, projectId, c, inb);
        if (fileIds) {
          const pending = pendingOf(c).filter((p) => p.clientId !== inb.clientId);
          pending.push({ clientId: inb.clientId, text: inb.text, fileIds });
          c = await updateContact(db, c, { pending: JSON.stringify(pending) }, now);
        }
      }
      c = await updateContact(db, c, { phone_state: 'asked' }, now);
      await say('phoneRequired', { keyboard: 'phone' });
    }
    return void (await done());
  }
  // Nothing to store: a bare /start, or a contact card nobody asked for.
  if (inb.contact || (inb.text.trim() === '' && inb.files.length === 0)) return void (await done());
  const fileIds = await storeFiles(deps, projectId, c, inb);
  if (fileIds) await deliver(deps, projectId, policy, c, [{ clientId: inb.clientId, text: inb.text, fileIds }]);
  await done();
}

async function phoneShared(deps: InboundDeps, projectId: string, policy: ChannelPolicy, c0: ContactRow, raw: string): Promise<void> {
  const { ctx } = deps;
  const now = ctx.now();
  const locale = c0.locale as Locale;
  const parts = await phoneParts(raw);
  const match = await matchPhone(ctx, projectId, parts.e164, policy.lookupUrl);
  // The shared phone goes on the client's own (anonymous) card, unless it has one already.
  await ctx.store.write(async (tx) => {
    const v = await visitors.byId(tx, c0.anon_visitor_id);
    if (v && v.phone === null) await visitors.update(tx, { ...v, phone: parts.e164 });
  });
  let c = match
    ? await updateContact(ctx.db, c0, { visitor_id: match, link: 'phone', phone: parts.e164 }, now)
    : await updateContact(ctx.db, c0, { phone: parts.e164 }, now);
  const dialogId = await systemMessage(ctx, projectId, c.visitor_id, policy.kind, channelText(locale, 'phoneShared', { phone: parts.e164, code: parts.code }));
  c = await deliver(deps, projectId, policy, c, pendingOf(c));
  if (!match) await systemMessage(ctx, projectId, c.visitor_id, policy.kind, channelText(locale, 'phoneManual'));
  const d = await latestDialogOf(ctx, c.visitor_id);
  c = await updateContact(ctx.db, c, { phone_state: 'shared', dialog_id: d?.id ?? dialogId, pending: '[]' }, ctx.now());
  await deps.say(c, channelText(locale, 'phoneThanks'), { keyboard: 'remove' });
}

async function phoneRefused(deps: InboundDeps, projectId: string, policy: ChannelPolicy, c0: ContactRow): Promise<void> {
  const { ctx } = deps;
  const locale = c0.locale as Locale;
  let c = await deliver(deps, projectId, policy, c0, pendingOf(c0));
  const dialogId = await systemMessage(ctx, projectId, c.visitor_id, policy.kind, channelText(locale, 'phoneRefusedOperator'));
  c = await updateContact(ctx.db, c, { phone_state: 'refused', dialog_id: dialogId, pending: '[]' }, ctx.now());
  await deps.say(c, channelText(locale, 'phoneRefusedClient'), { keyboard: 'remove' });
}

/** Messages into the contact's visitor's dialog, as that visitor, from this channel. */
async function deliver(deps: InboundDeps, projectId: string, policy: ChannelPolicy, c0: ContactRow, list: Pending[]): Promise<ContactRow> {
  const { ctx } = deps;
  let c = c0;
  for (const p of list) {
    const v = await ctx.store.read((x) => visitors.byId(x, c.visitor_id));
    if (!v) throw new Error('channel contact without its visitor');
    try {
      const sender = {
        projectId,
        visitorId: c.visitor_id,
        kind: v.kind === 'verified' ? ('verified' as const) : ('anonymous' as const),
        visitorIds: [...new Set([c.visitor_id, c.anon_visitor_id])],
        deviceId: null,
        channel: policy.kind,
      };
      const r = await sendMessage(ctx, { kind: 'visitor', sender }, { clientId: p.clientId, text: p.text, attachments: p.fileIds });
      if (r.switched) {
        c = await updateContact(
          ctx.db,
          c,
          { visitor_id: r.switched.visitorId, ...(c.link === 'anonymous' ? { anon_visitor_id: r.switched.visitorId } : {}) },
          ctx.now(),
        );
      }
      await watchDialog(ctx, r.ack.dialogId, r.ack.seq);
    } catch (err) {
      // A blocked client is not told why (as in the widget); anything else is for the caller (the platform retries).
      if (isDomainError(err) && err.code === 'visitor_blocked') continue;
      throw err;
    }
  }
  return c;
}

/** A system line operators read in the visitor's dialog (opening one when there is none). Returns the dialog id. */
export async function systemMessage(ctx: Ctx, projectId: string, visitorId: string, channel: ExternalChannel, text: string): Promise<string> {
  const r = await sendSystemMessage(ctx, { projectId, visitorId, channel, text });
  await watchDialog(ctx, r.dialogId, r.seq);
  return r.dialogId;
}

function latestDialogOf(ctx: Ctx, visitorId: string) {
  return ctx.store.read((x) => dialogs.latestOfVisitor(x, visitorId));
}

/** The message's files as uploads of the contact's visitor; null (and the client told why) when one is refused. */
async function storeFiles(deps: InboundDeps, projectId: string, c: ContactRow, inb: Inbound): Promise<string[] | null> {
  const { ctx } = deps;
  if (inb.files.length === 0) return [];
  const project = await ctx.projects.get(projectId);
  if (!project) return null;
  const locale = c.locale as Locale;
  if (!project.settings.attachments.enabled) {
    await deps.say(c, channelText(locale, 'unsupportedFile'), {});
    return null;
  }
  const ids: string[] = [];
  for (const f of inb.files) {
    try {
      const dl = await f.download();
      const { row } = await storeUpload(ctx, {
        projectId,
        body: dl.body,
        declaredMime: f.mime ?? dl.mime ?? undefined,
        name: cleanFileName(f.name),
        limits: project.settings.attachments.limits,
        locale,
        uploader: { kind: 'visitor', visitorId: c.visitor_id },
        ip: `channel:${c.kind}`,
        contentLength: dl.size,
      });
      ids.push(row.id);
    } catch (err) {
      const code = isDomainError(err) ? err.code : null;
      if (code === 'unsupported_file_type') await deps.say(c, channelText(locale, 'unsupportedFile'), {});
      else if (code === 'file_too_large') await deps.say(c, channelText(locale, 'tooLarge'), {});
      else if (err instanceof ChannelError && !err.retry) {
        // The platform will not give the file (gone, refused): retrying the update cannot help.
        ctx.log.warn({ channel: c.kind, err: err.message }, 'client file could not be fetched from the platform');
      } else throw err;
      return null;
    }
  }
  return ids;
}
