import { createHash } from 'node:crypto';
import type { DeviceInfo } from '@parley/protocol';
import { randomId, sha256 } from '../util/crypto';
import type { SqlExec } from './sql';
import { noteJourney } from './integrations/journey';
import { parseJsonObject, type DeviceRow, type PageVisitRow, type VisitorRow } from './rows';

export interface TokenLookup {
  tokenHash: string;
  visitor: VisitorRow;
  deviceId: string | null;
  revoked: boolean;
}

/**
 * The text the visitor is found by (full-text indexed): user id, name, email, phone (also as bare
 * digits, so "79991234567" finds "+7 999 123-45-67") and the values of their custom params.
 */
export function visitorSearch(v: Pick<VisitorRow, 'user_id' | 'name' | 'email' | 'phone' | 'custom_params'>): string {
  const params = Object.values(parseJsonObject(v.custom_params)).filter((x): x is string => typeof x === 'string');
  const digits = v.phone ? v.phone.replace(/\D/g, '') : '';
  return [v.user_id, v.name, v.email, v.phone, digits, ...params].filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n');
}

/**
 * A new visitor's row: anonymous (the hello's, or a messenger client's on first contact), or with
 * `userId` a signed-in user's, carrying the profile the identity gave.
 */
export function newVisitorRow(p: {
  id: string;
  projectId: string;
  ip: string | null;
  referrer: string | null;
  location: string | null;
  name?: string | null;
  now: number;
  userId?: string;
  email?: string | null;
  phone?: string | null;
}): VisitorRow {
  const row: VisitorRow = {
    id: p.id,
    project_id: p.projectId,
    kind: p.userId === undefined ? 'anonymous' : 'verified',
    user_id: p.userId ?? null,
    name: p.name ?? null,
    email: p.email ?? null,
    phone: p.phone ?? null,
    custom_params: '{}',
    ip: p.ip,
    referrer: p.referrer,
    search: '',
    first_seen_at: p.now,
    last_seen_at: p.now,
    note: null,
    blocked_at: null,
    location: p.location,
    successor_id: null,
    erased_at: null,
    consent_at: null,
  };
  return { ...row, search: visitorSearch(row) };
}

const VISITOR_COLUMNS = [
  'id',
  'project_id',
  'kind',
  'user_id',
  'name',
  'email',
  'phone',
  'custom_params',
  'ip',
  'referrer',
  'search',
  'first_seen_at',
  'last_seen_at',
  'note',
  'blocked_at',
  'location',
  'successor_id',
  'erased_at',
  'consent_at',
] as const;
// Every column of the row (checked by the compiler), so none added by a migration goes unwritten.
const allVisitorColumns: Exclude<keyof VisitorRow, (typeof VISITOR_COLUMNS)[number]> extends never ? true : never = true;
void allVisitorColumns;

export const visitors = {
  byId(x: SqlExec, id: string): Promise<VisitorRow | undefined> {
    return x.get<VisitorRow>('SELECT * FROM visitors WHERE id = ?', [id]);
  },

  byUser(x: SqlExec, projectId: string, userId: string): Promise<VisitorRow | undefined> {
    return x.get<VisitorRow>('SELECT * FROM visitors WHERE project_id = ? AND user_id = ?', [projectId, userId]);
  },

  async insert(x: SqlExec, row: VisitorRow): Promise<void> {
    await x.run(
      `INSERT INTO visitors (${VISITOR_COLUMNS.join(', ')}) VALUES (${VISITOR_COLUMNS.map(() => '?').join(', ')})`,
      VISITOR_COLUMNS.map((c) => row[c]),
    );
  },

  /** The card (name, email, phone), the address, location and last seen; the search text follows. */
  async update(x: SqlExec, row: VisitorRow): Promise<void> {
    await x.run('UPDATE visitors SET name = ?, email = ?, phone = ?, custom_params = ?, ip = ?, location = ?, last_seen_at = ?, search = ? WHERE id = ?', [
      row.name,
      row.email,
      row.phone,
      row.custom_params,
      row.ip,
      row.location,
      row.last_seen_at,
      visitorSearch(row),
      row.id,
    ]);
  },

  /** A visitor token: revoked once logged out, and over once past its end (a JWT's exp); an erased visitor's is gone. */
  async findToken(x: SqlExec, token: string, now: number): Promise<TokenLookup | null> {
    const tokenHash = sha256(token);
    const r = await x.get<VisitorRow & { t_device_id: string | null; t_revoked_at: number | null; t_expires_at: number | null }>(
      `SELECT visitors.*, visitor_tokens.device_id AS t_device_id, visitor_tokens.revoked_at AS t_revoked_at, visitor_tokens.expires_at AS t_expires_at
       FROM visitor_tokens JOIN visitors ON visitors.id = visitor_tokens.visitor_id WHERE visitor_tokens.token_hash = ?`,
      [tokenHash],
    );
    if (!r || r.erased_at !== null) return null;
    const { t_device_id: deviceId, t_revoked_at: revokedAt, t_expires_at: expiresAt, ...visitor } = r;
    const over = expiresAt !== null && expiresAt <= now;
    return { tokenHash, visitor, deviceId, revoked: revokedAt !== null || over };
  },

  /** A new token (>= 128 random bits); only its hash is stored. `expiresAt`: a JWT's exp, or null. */
  async issueToken(
    x: SqlExec,
    visitorId: string,
    deviceId: string | null,
    now: number,
    expiresAt: number | null = null,
  ): Promise<{ token: string; tokenHash: string }> {
    const token = randomId(24);
    const tokenHash = sha256(token);
    await x.run('INSERT INTO visitor_tokens (token_hash, visitor_id, device_id, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [
      tokenHash,
      visitorId,
      deviceId,
      now,
      now,
      expiresAt,
    ]);
    return { token, tokenHash };
  },

  /** A JWT's token ends with this JWT; a token used with an HMAC proof or anonymously has no end. */
  async useToken(x: SqlExec, tokenHash: string, deviceId: string, now: number, expiresAt: number | null): Promise<void> {
    await x.run('UPDATE visitor_tokens SET last_used_at = ?, device_id = ?, expires_at = ? WHERE token_hash = ?', [now, deviceId, expiresAt, tokenHash]);
  },

  /**
   * The visitor an anonymous visitor continued as after their dialog was closed (following the
   * chain), with every row on the way (the first is `visitorId`).
   */
  async latestSuccessor(x: SqlExec, visitorId: string): Promise<{ id: string; chain: string[] }> {
    const chain = [visitorId];
    let id = visitorId;
    for (let i = 0; i < 64; i++) {
      const row = await x.get<{ successor_id: string | null }>('SELECT successor_id FROM visitors WHERE id = ?', [id]);
      if (!row?.successor_id) break;
      id = row.successor_id;
      chain.push(id);
    }
    return { id, chain };
  },

  async setSuccessor(x: SqlExec, visitorId: string, successorId: string): Promise<void> {
    await x.run('UPDATE visitors SET successor_id = ? WHERE id = ?', [successorId, visitorId]);
  },

  deviceByFingerprint(x: SqlExec, visitorId: string, fingerprint: string): Promise<DeviceRow | undefined> {
    return x.get<DeviceRow>('SELECT * FROM devices WHERE visitor_id = ? AND fingerprint = ?', [visitorId, fingerprint]);
  },

  async revokeToken(x: SqlExec, tokenHash: string, now: number): Promise<void> {
    await x.run('UPDATE visitor_tokens SET revoked_at = ? WHERE token_hash = ?', [now, tokenHash]);
  },

  deviceById(x: SqlExec, id: string): Promise<DeviceRow | undefined> {
    return x.get<DeviceRow>('SELECT * FROM devices WHERE id = ?', [id]);
  },

  /** Same device info from the same person is one device (see deviceFingerprint). */
  async upsertDevice(x: SqlExec, visitorId: string, info: DeviceInfo, ip: string | null, now: number): Promise<DeviceRow> {
    const fingerprint = deviceFingerprint(info);
    const existing = await visitors.deviceByFingerprint(x, visitorId, fingerprint);
    if (existing) {
      const next = { ...existing, last_seen_at: now, ip: ip ?? existing.ip };
      await x.run('UPDATE devices SET last_seen_at = ?, ip = ? WHERE id = ?', [now, next.ip, existing.id]);
      return next;
    }
    const row: DeviceRow = { id: randomId(), visitor_id: visitorId, fingerprint, info: JSON.stringify(info), ip, first_seen_at: now, last_seen_at: now };
    await visitors.insertDevice(x, row);
    return row;
  },

  async insertDevice(x: SqlExec, row: DeviceRow): Promise<void> {
    await x.run('INSERT INTO devices (id, visitor_id, fingerprint, info, ip, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row.id,
      row.visitor_id,
      row.fingerprint,
      row.info,
      row.ip,
      row.first_seen_at,
      row.last_seen_at,
    ]);
  },

  pages(x: SqlExec, visitorId: string, limit: number): Promise<PageVisitRow[]> {
    return x.all<PageVisitRow>('SELECT * FROM page_visits WHERE visitor_id = ? ORDER BY at DESC LIMIT ?', [visitorId, limit]);
  },

  devices(x: SqlExec, visitorId: string): Promise<DeviceRow[]> {
    return x.all<DeviceRow>('SELECT * FROM devices WHERE visitor_id = ? ORDER BY first_seen_at', [visitorId]);
  },

  async addPageVisit(
    x: SqlExec,
    visitorId: string,
    page: { url: string; title?: string | undefined; referrer?: string | undefined },
    now: number,
  ): Promise<void> {
    await x.run('INSERT INTO page_visits (id, visitor_id, url, title, referrer, at) VALUES (?, ?, ?, ?, ?, ?)', [
      randomId(),
      visitorId,
      page.url,
      page.title ?? null,
      page.referrer ?? null,
      now,
    ]);
    // The journey (landing page, first external referrer, UTM, visits), issue 16.
    await noteJourney(x, visitorId, page, now);
  },
};

/** Same device info from the same person is one device; the fingerprint is a hash of the canonical info. */
export function deviceFingerprint(info: DeviceInfo): string {
  const canon = JSON.stringify([
    info.type,
    info.browser?.name ?? '',
    info.browser?.version ?? '',
    info.os?.name ?? '',
    info.os?.version ?? '',
    info.webview === true,
    info.app?.platform ?? '',
    info.app?.version ?? '',
    info.channel ?? 'web',
  ]);
  return createHash('sha256').update(canon).digest('base64url');
}
