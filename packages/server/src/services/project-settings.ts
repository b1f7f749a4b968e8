import { ProjectSettingsSchema, isAdminRole, type ProjectInfo, type ProjectSettings } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { updateProjectRow } from '../storage/projects';
import { configVersion, publicConfig } from '../settings';
import { topics, type WidgetsTopicMsg } from '../realtime/topics';
import { parseInput } from '../util/validate';
import type { Actor } from './operator-actions';

export async function projectInfo(ctx: Ctx, actor: Actor): Promise<ProjectInfo> {
  const p = await ctx.projects.get(actor.projectId);
  if (!p) throw new DomainError('unknown_project');
  const info: ProjectInfo = { id: p.id, name: p.name, settings: p.settings };
  // The identity secret signs visitors in: owners and admins only.
  if (isAdminRole(actor.role)) info.secret = p.secret;
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
  const before = p.configVersion;
  await updateProjectRow(ctx.db, p.id, { name, settings: JSON.stringify(merged) }, ctx.now());
  ctx.projects.changed(p.id);
  const after = configVersion(publicConfig(merged));
  if (after !== before) ctx.bus.publish(topics.widgets(p.id), { t: 'config', configVersion: after } satisfies WidgetsTopicMsg);
  return projectInfo(ctx, actor);
}

export async function rotateSecret(ctx: Ctx, actor: Actor): Promise<ProjectInfo> {
  await updateProjectRow(ctx.db, actor.projectId, { secret: randomId(32) }, ctx.now());
  ctx.projects.changed(actor.projectId);
  return projectInfo(ctx, actor);
}
