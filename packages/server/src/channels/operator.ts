import { channelText, type DialogChannelInfo, type DialogSummary, type Locale } from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { randomId } from '../util/crypto';
import { republish, visibleDialog, type Actor } from '../services/operator-actions';
import { systemMessage } from './inbound';
import { heldCount, whatsappWindowEnd } from './whatsapp-window';
import type { Identity } from '@parley/protocol';
import { verifyIdentityWithAny } from '../auth/identity';
import { verifiedVisitor } from '../services/hello';
import { verifyingSecrets, type ProjectRecord } from '../services/projects';

const REF_TTL_MS = 3_600_000;

/** Messenger clients whose messages are in this dialog (they speak as its visitor, or did before a link). */
async function contactsOfDialog(ctx: Ctx, projectId: string, visitorId: string) {
  return ctx.db
    .selectFrom('channel_contacts')
    .selectAll()
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('visitor_id', '=', visitorId), eb('anon_visitor_id', '=', visitorId)]))
    .orderBy('updated_at', 'desc')
    .execute();
}

export async function dialogChannels(ctx: Ctx, actor: Actor, dialogId: string): Promise<DialogChannelInfo[]> {
  const d = await visibleDialog(ctx, actor, dialogId);
  const out: DialogChannelInfo[] = [];
  for (const c of await contactsOfDialog(ctx, actor.projectId, d.visitor_id)) {
    const info: DialogChannelInfo = {
      channel: c.kind as DialogChannelInfo['channel'],
      locale: c.locale as Locale,
      phone: c.phone,
      phoneState: (c.phone_state as DialogChannelInfo['phoneState']) ?? null,
    };
    if (c.kind === 'whatsapp') {
      info.windowEndsAt = await whatsappWindowEnd(ctx, actor.projectId, c.chat_id);
      info.held = await heldCount(ctx, actor.projectId, c.chat_id);
    }
    out.push(info);
  }
  return out;
}

/** The operator switches the language the client's messenger texts are sent in. */
export async function setDialogLanguage(ctx: Ctx, actor: Actor, dialogId: string, locale: Locale): Promise<DialogChannelInfo[]> {
  const d = await visibleDialog(ctx, actor, dialogId);
  const list = await contactsOfDialog(ctx, actor.projectId, d.visitor_id);
  if (list.length === 0) throw new DomainError('not_found', { detail: 'no messenger client in this dialog' });
  for (const c of list) {
    await ctx.db
      .updateTable('channel_contacts')
      .set({ locale, updated_at: ctx.now() })
      .where('project_id', '=', c.project_id)
      .where('kind', '=', c.kind)
      .where('chat_id', '=', c.chat_id)
      .execute();
  }
  return dialogChannels(ctx, actor, dialogId);
}

/**
 * "Verify manually": the operator knows who the messenger client is. The dialog (and its
 * messages) move to that signed-in visitor, so it joins their one continuous history, and the
 * client speaks as them until the dialog is closed (as after a matching phone number).
 */
export async function verifyManually(ctx: Ctx, actor: Actor, dialogId: string, userId: string): Promise<DialogSummary> {
  const d = await visibleDialog(ctx, actor, dialogId);
  const target = await ctx.db
    .selectFrom('visitors')
    .select(['id'])
    .where('project_id', '=', actor.projectId)
    .where('kind', '=', 'verified')
    .where('user_id', '=', userId)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  if (!target) throw new DomainError('not_found', { fields: ['userId'], detail: 'no signed-in visitor with this user id' });
  const contacts = await contactsOfDialog(ctx, actor.projectId, d.visitor_id);
  if (contacts.length === 0) throw new DomainError('bad_request', { detail: 'this dialog has no messenger client' });
  const now = ctx.now();
  if (target.id !== d.visitor_id) {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('dialogs').set({ visitor_id: target.id, updated_at: now }).where('id', '=', d.id).execute();
      await trx.updateTable('messages').set({ visitor_id: target.id }).where('dialog_id', '=', d.id).where('author_kind', '=', 'visitor').execute();
      for (const c of contacts) {
        await trx
          .updateTable('channel_contacts')
          .set({ visitor_id: target.id, link: 'manual', dialog_id: d.id, updated_at: now })
          .where('project_id', '=', c.project_id)
          .where('kind', '=', c.kind)
          .where('chat_id', '=', c.chat_id)
          .execute();
      }
    });
  }
  const locale = (contacts[0]?.locale ?? 'ru') as Locale;
  await systemMessage(
    ctx,
    actor.projectId,
    target.id,
    contacts[0]?.kind === 'whatsapp' ? 'whatsapp' : 'telegram',
    channelText(locale, 'verifiedManually', { user: userId }),
  );
  return republish(ctx, actor, d.id);
}

/** A one-hour ticket for `t.me/<bot>?start=<ref>` that joins this visitor's dialog. */
/**
 * A ref for a signed-in visitor the page vouches for with the proof it gave `identify()` (checked
 * as a hello's identity is): the multiwidget's Telegram button, which holds no visitor token.
 * The user's visitor row is the one their web chat uses (created now if they never chatted), so
 * the Telegram chat joins their one continuous dialog.
 */
export async function createRefForIdentity(ctx: Ctx, project: ProjectRecord, identity: Identity, ip: string | null): Promise<{ ref: string; expiresAt: number }> {
  const now = ctx.now();
  const id = verifyIdentityWithAny(verifyingSecrets(project, now), identity, now);
  if (!id.ok) throw new DomainError(id.code, { detail: id.reason });
  const visitor = await ctx.store.write((tx) =>
    verifiedVisitor(tx, { projectId: project.id, userId: id.userId, profile: id.profile, ip, referrer: null, location: null, now }),
  );
  return createRef(ctx, project.id, visitor.id);
}

export async function createRef(ctx: Ctx, projectId: string, visitorId: string): Promise<{ ref: string; expiresAt: number }> {
  const ref = randomId(24);
  const expiresAt = ctx.now() + REF_TTL_MS;
  await ctx.db.deleteFrom('channel_refs').where('expires_at', '<', ctx.now()).execute();
  await ctx.db.insertInto('channel_refs').values({ ref, project_id: projectId, visitor_id: visitorId, expires_at: expiresAt }).execute();
  return { ref, expiresAt };
}
