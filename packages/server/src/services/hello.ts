import { mergeCustomParams, type CustomParams, type DeviceInfo, type HelloFrame, type VisitorProfile } from '@parley/protocol';
import type { Ctx } from '../context';
import { verifyIdentityWithAny } from '../auth/identity';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import type { Tx } from '../storage/sql';
import { dialogs, type DialogCard } from '../storage/dialogs';
import { events } from '../storage/events';
import { newVisitorRow, visitors } from '../storage/visitors';
import { parseJsonObject, type DialogRow, type VisitorRow } from '../storage/rows';
import { verifyingSecrets, type ProjectRecord } from './projects';

export interface HelloSession {
  project: ProjectRecord;
  visitor: VisitorRow;
  token: string;
  tokenHash: string;
  deviceId: string;
  /** The visitor's latest dialog, if any. */
  dialog: DialogCard | null;
  /**
   * May this connection read that dialog? Verified: always (one continuous dialog).
   * Anonymous: only while it is open; a closed one may only be rated.
   */
  dialogReadable: boolean;
  /** The hello's resume cursor can be served as an exact gap (nothing after it was purged). */
  gap: boolean;
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
 * new anonymous visitor. Everything it writes (visitor, device, token, page) is one write, group
 * committed with the other hellos and messages of the moment.
 */
/** `device` is the hello's device described from the connection's User-Agent (see device.ts). */
export async function resolveHello(ctx: Ctx, f: HelloFrame, ip: string | null, device: DeviceInfo = f.device): Promise<HelloSession> {
  const project = await ctx.projects.get(f.project);
  if (!project) throw new DomainError('unknown_project');
  const now = ctx.now();
  let userId: string | null = null;
  let profile: VisitorProfile = {};
  let expiresAt: number | null = null;
  if (f.identity) {
    const id = verifyIdentityWithAny(verifyingSecrets(project, now), f.identity, now);
    if (!id.ok) throw new DomainError(id.code, { detail: id.reason });
    expiresAt = id.expiresAt;
    userId = id.userId;
    profile = id.profile;
  }
  const referrer = f.page?.referrer ?? null;
  // The local GeoIP database (no network call); a miss keeps what we knew.
  const geo = ctx.geoip.lookup(ip);
  const location = geo ? JSON.stringify(geo) : null;
  return ctx.store.write(async (tx) => {
    const known = f.token ? await visitors.findToken(tx, f.token, now) : null;
    const usable = known && !known.revoked && known.visitor.project_id === project.id ? known : null;
    let visitor: VisitorRow;
    let token: string | null = null;
    let tokenHash: string | null = null;
    let visitorIds: string[] = [];
    // A token from before a closed dialog leads to the visitor this one continued as (another tab
    // or an earlier page wrote again after the close), so a reload never loses that conversation.
    const next = !userId && usable && usable.visitor.kind === 'anonymous' ? await visitors.latestSuccessor(tx, usable.visitor.id) : null;
    const current = next && usable ? (next.id === usable.visitor.id ? usable.visitor : await visitors.byId(tx, next.id)) : undefined;
    if (userId !== null) {
      visitor = await verifiedVisitor(tx, { projectId: project.id, userId, profile, ip, referrer, location, now });
      if (usable && usable.visitor.id === visitor.id) {
        token = f.token ?? null;
        tokenHash = usable.tokenHash;
      }
    } else if (usable && next && current && current.erased_at === null) {
      visitor = { ...current, last_seen_at: now, ip: ip ?? current.ip, location: location ?? current.location };
      await visitors.update(tx, visitor);
      visitorIds = next.chain;
      if (current.id === usable.visitor.id) {
        token = f.token ?? null;
        tokenHash = usable.tokenHash;
      }
    } else {
      visitor = newVisitorRow({ id: randomId(), projectId: project.id, ip, referrer, location, now });
      await visitors.insert(tx, visitor);
    }

    if (!visitorIds.includes(visitor.id)) visitorIds = [visitor.id];
    const deviceRow = await visitors.upsertDevice(tx, visitor.id, device, ip, now);
    if (token && tokenHash) {
      await visitors.useToken(tx, tokenHash, deviceRow.id, now, expiresAt);
    } else {
      const t = await visitors.issueToken(tx, visitor.id, deviceRow.id, now, expiresAt);
      token = t.token;
      tokenHash = t.tokenHash;
    }

    const dialog = (await dialogs.latestCardOfVisitor(tx, ctx.store.dialect, visitor.id)) ?? null;
    if (f.params && Object.keys(f.params).length > 0) visitor = await applyParams(tx, visitor, dialog, f.params);
    if (f.page) await visitors.addPageVisit(tx, visitor.id, f.page, now);
    const dialogReadable = dialog !== null && (visitor.kind === 'verified' || dialog.status === 'open');
    let gap = false;
    if (dialog && dialogReadable && f.resume && f.resume.dialogId === dialog.id && f.resume.seq <= dialog.last_seq) {
      // A gap is only exact if no event after the cursor was purged by retention.
      const first = await events.firstAfter(tx, dialog.id, f.resume.seq);
      gap = first === undefined || first === f.resume.seq + 1;
    }
    return { project, visitor, token, tokenHash, deviceId: deviceRow.id, dialog, dialogReadable, gap, expiresAt, visitorIds };
  });
}

/** The one visitor row of a signed-in user in a project; profile fields given now update the card. */
export async function verifiedVisitor(
  tx: Tx,
  p: { projectId: string; userId: string; profile: VisitorProfile; ip: string | null; referrer: string | null; location: string | null; now: number },
): Promise<VisitorRow> {
  const row = await visitors.byUser(tx, p.projectId, p.userId);
  if (!row) {
    // The write holds the database's only write lock (group commit): no other device can insert meanwhile.
    const fresh = newVisitorRow({
      id: randomId(),
      projectId: p.projectId,
      userId: p.userId,
      name: p.profile.name,
      email: p.profile.email,
      phone: p.profile.phone,
      ip: p.ip,
      referrer: p.referrer,
      location: p.location,
      now: p.now,
    });
    await visitors.insert(tx, fresh);
    return fresh;
  }
  const updated: VisitorRow = {
    ...row,
    name: p.profile.name ?? row.name,
    email: p.profile.email ?? row.email,
    phone: p.profile.phone ?? row.phone,
    ip: p.ip ?? row.ip,
    location: p.location ?? row.location,
    last_seen_at: p.now,
  };
  await visitors.update(tx, updated);
  return updated;
}

/** setCustomParams: merged on the visitor (and their search text) and copied to their open dialog, where operators read them. */
export async function applyParams(
  tx: Tx,
  visitor: VisitorRow,
  dialog: Pick<DialogRow, 'id' | 'status' | 'custom_params'> | null,
  patch: Readonly<Record<string, string | null>>,
): Promise<VisitorRow> {
  const merged: CustomParams = mergeCustomParams(parseJsonObject(visitor.custom_params) as CustomParams, patch);
  const next = { ...visitor, custom_params: JSON.stringify(merged) };
  await visitors.update(tx, next);
  if (dialog && dialog.status === 'open') {
    const dialogParams = mergeCustomParams(parseJsonObject(dialog.custom_params) as CustomParams, patch);
    await dialogs.update(tx, dialog.id, { custom_params: JSON.stringify(dialogParams) });
  }
  return next;
}
