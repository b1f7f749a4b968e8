import { ProjectSettingsSchema, isAdminRole, unknownTextIds, type ProjectInfo, type ProjectSettings } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { parseInput } from '../util/validate';
import { insertSecret, revokeSecret as revokeSecretRow, revokeSecretsExcept, setSecretExpiry, updateProjectRow } from '../storage/projects';
import type { Actor } from './operator-actions';
import { identityKeys } from '../auth/identity';

export async function projectInfo(ctx: Ctx, actor: Actor): Promise<ProjectInfo> {
  const p = await ctx.projects.get(actor.projectId);
  if (!p) throw new DomainError('unknown_project');
  const info: ProjectInfo = { id: p.id, name: p.name, settings: p.settings };
  // The keys that sign visitors in: owners and admins only. The secrets themselves never leave the server.
  if (isAdminRole(actor.role)) {
    info.identityKeys = identityKeys(p.secret);
    info.secrets = p.secrets.map((s, i) => ({
      id: s.id,
      keys: identityKeys(s.secret),
      current: i === 0,
      createdAt: s.createdAt,
      expiresAt: i === 0 ? null : s.expiresAt,
    }));
  }
  return info;
}

/** Nested objects are replaced whole; the result must be a complete, valid settings object. */
export async function updateProjectSettings(
  ctx: Ctx,
  actor: Actor,
  body: { name?: string | undefined; settings?: Partial<ProjectSettings> | undefined },
): Promise<ProjectInfo> {
  const p = await ctx.projects.get(actor.projectId);
  if (!p) throw new DomainError('unknown_project');
  const name = body.name ?? p.name;
  const merged = parseInput(ProjectSettingsSchema, { ...p.settings, ...body.settings, project: p.id, name });
  // Overrides only of texts that exist: a typo would silently change nothing.
  const unknown = body.settings?.texts ? unknownTextIds(body.settings.texts.overrides) : [];
  if (unknown.length > 0) throw new DomainError('unknown_text', { fields: unknown.map((id) => `settings.texts.overrides.${id}`) });
  // The pre-chat form offers only groups of this project, each with a label.
  const options = body.settings?.preChat?.group?.options ?? [];
  const offered = options.map((o) => o.id);
  if (options.some((o) => !o.label)) throw new DomainError('bad_request', { fields: ['settings.preChat.group.options'] });
  if (offered.length > 0) {
    const known = await ctx.db.selectFrom('groups').select('id').where('project_id', '=', p.id).where('id', 'in', offered).execute();
    if (known.length !== new Set(offered).size) throw new DomainError('bad_request', { fields: ['settings.preChat.group.options'] });
  }
  const before = p.configVersion;
  await updateProjectRow(ctx.db, p.id, { name, settings: JSON.stringify(merged) }, ctx.now());
  await ctx.projects.configChanged(p.id, before);
  return projectInfo(ctx, actor);
}

/**
 * A new current secret. The one it replaces keeps verifying (so signed-in visitors keep their
 * dialogs while the site's back end moves to the new one) until it is revoked or
 * `previousExpiresAt` passes; anything older is revoked: two secrets at most.
 */
export async function rotateSecret(ctx: Ctx, actor: Actor, previousExpiresAt: number | null | undefined): Promise<ProjectInfo> {
  const p = await ctx.projects.get(actor.projectId);
  if (!p) throw new DomainError('unknown_project');
  const now = ctx.now();
  if (previousExpiresAt !== undefined && previousExpiresAt !== null && previousExpiresAt <= now) {
    throw new DomainError('bad_request', { fields: ['previousExpiresAt'] });
  }
  const previous = p.secrets[0];
  const id = randomId();
  await ctx.db.transaction().execute(async (trx) => {
    await insertSecret(trx, { id, project_id: p.id, secret: randomId(32), created_at: now, expires_at: null, revoked_at: null });
    if (previous) await setSecretExpiry(trx, p.id, previous.id, previousExpiresAt ?? null);
    await revokeSecretsExcept(trx, p.id, previous ? [id, previous.id] : [id], now);
  });
  ctx.projects.changed(p.id);
  return projectInfo(ctx, actor);
}

/** Revokes a previous secret; the current one cannot be (rotate first). */
export async function revokeSecret(ctx: Ctx, actor: Actor, secretId: string): Promise<ProjectInfo> {
  const p = await ctx.projects.get(actor.projectId);
  if (!p) throw new DomainError('unknown_project');
  if (p.secrets[0]?.id === secretId) throw new DomainError('conflict', { detail: 'the current secret cannot be revoked' });
  if (!(await revokeSecretRow(ctx.db, p.id, secretId, ctx.now()))) throw new DomainError('not_found');
  ctx.projects.changed(p.id);
  return projectInfo(ctx, actor);
}
