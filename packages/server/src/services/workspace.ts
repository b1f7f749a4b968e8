import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PROJECT_ID_PATTERN, isAdminRole, type Locale, type ProjectSummary, type Role, type WorkspaceRole } from '@parley/protocol';
import type { Ctx } from '../context';
import type { Db } from '../storage/open';
import { DomainError } from '../util/errors';
import { randomId } from '../util/crypto';
import type { OperatorRow } from '../storage/rows';
import { addMembership, membership, membershipsOf } from '../storage/memberships';
import { workspaceAdmins } from '../storage/operators';
import { deleteProjectRow, insertProject, insertSecret, projectRow, unreadDialogs, updateProjectRow } from '../storage/projects';
import { defaultProjectSettings } from '../settings';
import { topics, type OpsTopicMsg, type WidgetsTopicMsg } from '../realtime/topics';
import type { ProjectRecord } from './projects';
import type { Actor } from './operator-actions';

export function workspaceRoleOf(op: Pick<OperatorRow, 'workspace_role'>): WorkspaceRole | null {
  return op.workspace_role === 'owner' || op.workspace_role === 'admin' ? op.workspace_role : null;
}

export function isWorkspaceAdmin(op: Pick<OperatorRow, 'workspace_role'>): boolean {
  return workspaceRoleOf(op) !== null;
}

/**
 * The actor of an operator request in a project: the project asked for (`requested`), else the
 * operator's first one. A project they are not a member of is `unknown_project`, exactly like
 * one that does not exist.
 */
export async function actorIn(ctx: Ctx, op: OperatorRow, requested?: string): Promise<{ actor: Actor; project: ProjectRecord }> {
  let m: { project_id: string; role: string } | undefined;
  if (requested !== undefined) {
    if (!PROJECT_ID_PATTERN.test(requested)) throw new DomainError('unknown_project');
    m = await membership(ctx.db, op.id, requested);
  } else {
    m = (await membershipsOf(ctx.db, op.id))[0];
  }
  const project = m ? await ctx.projects.get(m.project_id) : null;
  if (!m || !project) throw new DomainError('unknown_project');
  return {
    actor: { id: op.id, projectId: project.id, role: m.role as Role, name: op.name, workspaceRole: workspaceRoleOf(op) },
    project,
  };
}

export async function unreadFor(ctx: Ctx, actor: Pick<Actor, 'id' | 'projectId' | 'role'>): Promise<number> {
  return unreadDialogs(ctx.db, actor.projectId, actor.id, isAdminRole(actor.role));
}

/** The actor's projects other than the one it acts in. */
export async function otherProjects(ctx: Ctx, actor: Pick<Actor, 'id' | 'projectId'>): Promise<{ projectId: string; role: Role }[]> {
  return (await membershipsOf(ctx.db, actor.id))
    .filter((m) => m.project_id !== actor.projectId)
    .map((m) => ({ projectId: m.project_id, role: m.role as Role }));
}

/** The operator's projects with their role and unread count, for the switcher. */
export async function projectsOf(ctx: Ctx, op: OperatorRow): Promise<ProjectSummary[]> {
  const list = await membershipsOf(ctx.db, op.id);
  return Promise.all(
    list.map(async (m) => {
      const p = await ctx.projects.get(m.project_id);
      const role = m.role as Role;
      return {
        id: m.project_id,
        name: p?.name ?? m.name,
        role,
        createdAt: p?.createdAt ?? m.created_at,
        unread: await unreadFor(ctx, { id: op.id, projectId: m.project_id, role }),
      };
    }),
  );
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return s || 'site';
}

/** An unguessable project id that still says which site it is: `shop-k3v9x2m7qa`. */
export function newProjectId(name: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(12);
  let tail = '';
  for (const b of bytes) tail += alphabet[b % alphabet.length];
  return `${slug(name)}-${tail}`;
}

/**
 * A project with default settings (or `settings`), its first identity secret, and the workspace
 * owner and admins as members (they are members of every project). Run it in the caller's
 * transaction. Used by setup, the console and the demo seed.
 */
export async function insertNewProject(trx: Db, p: { id: string; name: string; locale: Locale; now: number; settings?: string }): Promise<void> {
  const settings = p.settings ?? JSON.stringify(defaultProjectSettings(p.id, p.name, p.locale));
  await insertProject(trx, { id: p.id, name: p.name, settings, created_at: p.now, updated_at: p.now });
  await insertSecret(trx, { id: randomId(), project_id: p.id, secret: randomId(32), created_at: p.now, expires_at: null, revoked_at: null });
  for (const a of await workspaceAdmins(trx)) {
    await addMembership(trx, { operator_id: a.id, project_id: p.id, role: a.workspace_role === 'owner' ? 'owner' : 'admin', created_at: p.now });
  }
}

export async function createProject(ctx: Ctx, op: OperatorRow, body: { name: string; locale?: Locale | undefined }): Promise<ProjectSummary> {
  if (!isWorkspaceAdmin(op)) throw new DomainError('forbidden');
  const id = newProjectId(body.name);
  await ctx.db.transaction().execute((trx) => insertNewProject(trx, { id, name: body.name, locale: body.locale ?? 'ru', now: ctx.now() }));
  const mine = (await projectsOf(ctx, op)).find((p) => p.id === id);
  if (!mine) throw new Error('created project is not listed');
  return mine;
}

async function existingProject(ctx: Ctx, op: OperatorRow, id: string): Promise<void> {
  if (!isWorkspaceAdmin(op)) throw new DomainError('forbidden');
  if (!(await projectRow(ctx.db, id))) throw new DomainError('not_found');
}

export async function renameProject(ctx: Ctx, op: OperatorRow, id: string, name: string): Promise<ProjectSummary> {
  await existingProject(ctx, op, id);
  const p = await ctx.projects.get(id);
  if (!p) throw new DomainError('not_found');
  const settings = JSON.stringify({ ...p.settings, name });
  await updateProjectRow(ctx.db, id, { name, settings }, ctx.now());
  await ctx.projects.configChanged(id, p.configVersion);
  const mine = (await projectsOf(ctx, op)).find((x) => x.id === id);
  if (!mine) throw new DomainError('not_found');
  return mine;
}

/**
 * Deletes a project and everything in it: dialogs, visitors, files (bytes too), templates, leads,
 * secrets and memberships. Its widgets are told the project is gone; its consoles are closed.
 */
export async function deleteProject(ctx: Ctx, op: OperatorRow, id: string): Promise<void> {
  await existingProject(ctx, op, id);
  const fileIds = await deleteProjectRow(ctx.db, id);
  ctx.projects.changed(id);
  ctx.bus.publish(topics.widgets(id), { t: 'gone' } satisfies WidgetsTopicMsg);
  ctx.bus.publish(topics.ops(id), { t: 'kick', operatorId: '*' } satisfies OpsTopicMsg);
  for (const f of fileIds) await rm(join(ctx.paths.files, f), { force: true });
}
