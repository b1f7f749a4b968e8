import { createHash } from 'node:crypto';
import type { CustomParams, DeviceInfo, VisitorProfile } from '@parley/protocol';
import { randomId, sha256 } from '../util/crypto';
import { isUniqueViolation, searchText, type Db } from './open';
import { noteJourney } from './integrations/journey';
import type { DeviceRow, VisitorRow } from './rows';

export interface TokenLookup {
  tokenHash: string;
  visitor: VisitorRow;
  deviceId: string | null;
  revoked: boolean;
}

/** A visitor token: revoked once logged out, and over once past its end (a JWT's exp). */
export async function findToken(db: Db, token: string, now: number): Promise<TokenLookup | null> {
  const tokenHash = sha256(token);
  const t = await db.selectFrom('visitor_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!t) return null;
  const visitor = await db.selectFrom('visitors').selectAll().where('id', '=', t.visitor_id).executeTakeFirst();
  if (!visitor || visitor.erased_at !== null) return null;
  const over = t.expires_at !== null && t.expires_at <= now;
  return { tokenHash, visitor, deviceId: t.device_id, revoked: t.revoked_at !== null || over };
}

/** A new token (>= 128 random bits); only its hash is stored. `expiresAt`: a JWT's exp, or null. */
export async function issueToken(
  db: Db, visitorId: string, deviceId: string | null, now: number, expiresAt: number | null = null,
): Promise<{ token: string; tokenHash: string }> {
  const token = randomId(24);
  const tokenHash = sha256(token);
  await db.insertInto('visitor_tokens')
    .values({ token_hash: tokenHash, visitor_id: visitorId, device_id: deviceId, created_at: now, last_used_at: now, expires_at: expiresAt })
    .execute();
  return { token, tokenHash };
}

/**
 * The visitor an anonymous visitor continued as: after their dialog closed, their next message made
 * a new visitor row (its successor). Follows the chain to its end; the ids passed through come back
 * too (the older rows may still rate their closed dialogs).
 */
export async function latestSuccessor(db: Db, visitorId: string): Promise<{ id: string; chain: string[] }> {
  const chain = [visitorId];
  let id = visitorId;
  for (let i = 0; i < 64; i++) {
    const row = await db.selectFrom('visitors').select('successor_id').where('id', '=', id).executeTakeFirst();
    if (!row?.successor_id) break;
    id = row.successor_id;
    chain.push(id);
  }
  return { id, chain };
}

export async function revokeToken(db: Db, tokenHash: string, now: number): Promise<void> {
  await db.updateTable('visitor_tokens').set({ revoked_at: now }).where('token_hash', '=', tokenHash).execute();
}

export function visitorSearch(v: Pick<VisitorRow, 'user_id' | 'name' | 'email' | 'phone'>): string {
  return searchText(v.user_id, v.name, v.email, v.phone);
}

export async function createAnonymousVisitor(
  db: Db,
  p: { projectId: string; ip: string | null; referrer: string | null; params: CustomParams; now: number },
): Promise<VisitorRow> {
  const row: VisitorRow = {
    id: randomId(), project_id: p.projectId, kind: 'anonymous', user_id: null, name: null, email: null, phone: null,
    custom_params: JSON.stringify(p.params), ip: p.ip, referrer: p.referrer, search: '',
    first_seen_at: p.now, last_seen_at: p.now, note: null, blocked_at: null, location: null, successor_id: null, erased_at: null,
    consent_at: null,
  };
  await db.insertInto('visitors').values(row).execute();
  return row;
}

/** The one visitor row of a signed-in user in a project; profile fields given now update the card. */
export async function findOrCreateVerifiedVisitor(
  db: Db,
  p: { projectId: string; userId: string; profile: VisitorProfile; ip: string | null; referrer: string | null; now: number },
): Promise<VisitorRow> {
  const find = () =>
    db.selectFrom('visitors').selectAll().where('project_id', '=', p.projectId).where('user_id', '=', p.userId).executeTakeFirst();
  let row = await find();
  if (!row) {
    const fresh: VisitorRow = {
      id: randomId(), project_id: p.projectId, kind: 'verified', user_id: p.userId,
      name: p.profile.name ?? null, email: p.profile.email ?? null, phone: p.profile.phone ?? null,
      custom_params: '{}', ip: p.ip, referrer: p.referrer, search: '', first_seen_at: p.now, last_seen_at: p.now,
      note: null, blocked_at: null, location: null,
      successor_id: null, erased_at: null, consent_at: null,
    };
    fresh.search = visitorSearch(fresh);
    try {
      await db.insertInto('visitors').values(fresh).execute();
      return fresh;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      row = await find(); // another device of the same user won the race
      if (!row) throw err;
    }
  }
  const next = {
    name: p.profile.name ?? row.name,
    email: p.profile.email ?? row.email,
    phone: p.profile.phone ?? row.phone,
  };
  const updated: VisitorRow = { ...row, ...next, ip: p.ip ?? row.ip, last_seen_at: p.now };
  updated.search = visitorSearch(updated);
  await db.updateTable('visitors')
    .set({ name: updated.name, email: updated.email, phone: updated.phone, ip: updated.ip, last_seen_at: p.now, search: updated.search })
    .where('id', '=', row.id)
    .execute();
  return updated;
}

/** Same device info from the same person is one device; the fingerprint is a hash of the canonical info. */
export function deviceFingerprint(info: DeviceInfo): string {
  const canon = JSON.stringify([
    info.type, info.browser?.name ?? '', info.browser?.version ?? '', info.os?.name ?? '', info.os?.version ?? '',
    info.webview === true, info.app?.platform ?? '', info.app?.version ?? '', info.channel ?? 'web',
  ]);
  return createHash('sha256').update(canon).digest('base64url');
}

export async function upsertDevice(db: Db, visitorId: string, info: DeviceInfo, ip: string | null, now: number): Promise<DeviceRow> {
  const fingerprint = deviceFingerprint(info);
  const find = () =>
    db.selectFrom('devices').selectAll().where('visitor_id', '=', visitorId).where('fingerprint', '=', fingerprint).executeTakeFirst();
  const existing = await find();
  if (existing) {
    await db.updateTable('devices').set({ last_seen_at: now, ip: ip ?? existing.ip }).where('id', '=', existing.id).execute();
    return { ...existing, last_seen_at: now, ip: ip ?? existing.ip };
  }
  const row: DeviceRow = {
    id: randomId(), visitor_id: visitorId, fingerprint, info: JSON.stringify(info), ip, first_seen_at: now, last_seen_at: now,
  };
  try {
    await db.insertInto('devices').values(row).execute();
    return row;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const again = await find();
    if (!again) throw err;
    return again;
  }
}

export async function addPageVisit(
  db: Db,
  visitorId: string,
  page: { url: string; title?: string | undefined; referrer?: string | undefined },
  now: number,
): Promise<void> {
  await db.insertInto('page_visits')
    .values({ id: randomId(), visitor_id: visitorId, url: page.url, title: page.title ?? null, referrer: page.referrer ?? null, at: now })
    .execute();
  await noteJourney(db, visitorId, page, now);
}
