import { mergeCustomParams, type CustomParams, type DeviceInfo, type HelloFrame } from '@parley/protocol';
import type { Ctx } from '../context';
import { verifyIdentityWithAny } from '../auth/identity';
import { DomainError } from '../util/errors';
import type { DialogRow, VisitorRow } from '../storage/rows';
import { parseJsonObject } from '../storage/rows';
import {
  addPageVisit, createAnonymousVisitor, findOrCreateVerifiedVisitor, findToken, issueToken, latestSuccessor, upsertDevice,
} from '../storage/visitors';
import { verifyingSecrets, type ProjectRecord } from './projects';
import { latestDialogOfVisitor } from './dialogs';

export interface HelloSession {
  project: ProjectRecord;
  visitor: VisitorRow;
  token: string;
  tokenHash: string;
  deviceId: string;
  /** The visitor's latest dialog, if any. */
  dialog: DialogRow | null;
  /**
   * May this connection read that dialog? Verified: always (one continuous dialog).
   * Anonymous: only while it is open; a closed one may only be rated.
   */
  dialogReadable: boolean;
  /** When the proof ends (a JWT's exp, epoch ms): the session ends then. Null: no end. */
  expiresAt: number | null;
  /**
   * Every visitor row this session speaks for: the visitor, and for an anonymous visitor whose
   * token predates a closed dialog, the rows before it (they may still rate their closed dialogs).
   */
  visitorIds: string[];
}

/**
 * Authenticates a hello. A claimed identity must carry a valid proof, or nothing of that user is
 * returned. A token only resumes what it was issued for: an anonymous visitor's token without an
 * identity; a signed-in user's token together with that same user's proof. Anything else starts a
 * new anonymous visitor.
 */
/** `device` is the hello's device described from the connection's User-Agent (see device.ts). */
export async function resolveHello(ctx: Ctx, f: HelloFrame, ip: string | null, device: DeviceInfo = f.device): Promise<HelloSession> {
  const project = await ctx.projects.get(f.project);
  if (!project) throw new DomainError('unknown_project');
  const now = ctx.now();
  const known = f.token ? await findToken(ctx.db, f.token, now) : null;
  const usable = known && !known.revoked && known.visitor.project_id === project.id ? known : null;
  const referrer = f.page?.referrer ?? null;

  let visitor: VisitorRow;
  let token: string | null = null;
  let tokenHash: string | null = null;
  let expiresAt: number | null = null;
  let visitorIds: string[] = [];
  if (f.identity) {
    const id = verifyIdentityWithAny(verifyingSecrets(project, now), f.identity, now);
    if (!id.ok) throw new DomainError(id.code, { detail: id.reason });
    expiresAt = id.expiresAt;
    visitor = await findOrCreateVerifiedVisitor(ctx.db, { projectId: project.id, userId: id.userId, profile: id.profile, ip, referrer, now });
    if (usable && usable.visitor.id === visitor.id) {
      token = f.token ?? null;
      tokenHash = usable.tokenHash;
    }
  } else if (usable && usable.visitor.kind === 'anonymous') {
    // A token from before a closed dialog leads to the visitor this one continued as (another tab
    // or an earlier page wrote again after the close), so a reload never loses that conversation.
    const next = await latestSuccessor(ctx.db, usable.visitor.id);
    const current = next.id === usable.visitor.id
      ? usable.visitor
      : await ctx.db.selectFrom('visitors').selectAll().where('id', '=', next.id).executeTakeFirst();
    if (current && current.erased_at === null) {
      visitor = current;
      visitorIds = next.chain;
      if (current.id === usable.visitor.id) {
        token = f.token ?? null;
        tokenHash = usable.tokenHash;
      }
      await ctx.db.updateTable('visitors').set({ last_seen_at: now, ip: ip ?? visitor.ip }).where('id', '=', visitor.id).execute();
    } else {
      visitor = await createAnonymousVisitor(ctx.db, { projectId: project.id, ip, referrer, params: {}, now });
    }
  } else {
    visitor = await createAnonymousVisitor(ctx.db, { projectId: project.id, ip, referrer, params: {}, now });
  }
  if (!visitorIds.includes(visitor.id)) visitorIds = [visitor.id];

  const location = ctx.geoip.lookup(ip);
  const locJson = location ? JSON.stringify(location) : null;
  if (locJson && locJson !== visitor.location) {
    await ctx.db.updateTable('visitors').set({ location: locJson }).where('id', '=', visitor.id).execute();
    visitor = { ...visitor, location: locJson };
  }
  const deviceRow = await upsertDevice(ctx.db, visitor.id, device, ip, now);
  if (token && tokenHash) {
    // A JWT's token ends with this JWT; a token used with an HMAC proof or anonymously has no end.
    await ctx.db.updateTable('visitor_tokens').set({ last_used_at: now, device_id: deviceRow.id, expires_at: expiresAt })
      .where('token_hash', '=', tokenHash).execute();
  } else {
    const t = await issueToken(ctx.db, visitor.id, deviceRow.id, now, expiresAt);
    token = t.token;
    tokenHash = t.tokenHash;
  }

  const dialog = (await latestDialogOfVisitor(ctx.db, visitor.id)) ?? null;
  if (f.params && Object.keys(f.params).length > 0) {
    visitor = await applyParams(ctx, visitor, dialog, f.params);
  }
  if (f.page) await addPageVisit(ctx.db, visitor.id, f.page, now);
  const dialogReadable = dialog !== null && (visitor.kind === 'verified' || dialog.status === 'open');
  return { project, visitor, token, tokenHash, deviceId: deviceRow.id, dialog, dialogReadable, expiresAt, visitorIds };
}

/** setCustomParams: merged on the visitor and copied to their open dialog, where operators read them. */
export async function applyParams(
  ctx: Ctx,
  visitor: VisitorRow,
  dialog: DialogRow | null,
  patch: Readonly<Record<string, string | null>>,
): Promise<VisitorRow> {
  const merged: CustomParams = mergeCustomParams(parseJsonObject(visitor.custom_params) as CustomParams, patch);
  const json = JSON.stringify(merged);
  await ctx.db.updateTable('visitors').set({ custom_params: json }).where('id', '=', visitor.id).execute();
  if (dialog && dialog.status === 'open') {
    const dialogParams = mergeCustomParams(parseJsonObject(dialog.custom_params) as CustomParams, patch);
    await ctx.db.updateTable('dialogs').set({ custom_params: JSON.stringify(dialogParams) }).where('id', '=', dialog.id).execute();
  }
  return { ...visitor, custom_params: json };
}
