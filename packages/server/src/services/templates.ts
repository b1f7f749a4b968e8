import type { Template } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { searchText } from '../storage/open';
import type { TemplateRow } from '../storage/rows';
import { deleteTemplate, insertTemplate, listTemplates, templateById, updateTemplate } from '../storage/templates';
import type { Actor } from './operator-actions';

export function templateOf(r: TemplateRow): Template {
  return { id: r.id, title: r.title, text: r.text, shortcut: r.shortcut, createdAt: r.created_at, updatedAt: r.updated_at };
}

export async function findTemplates(ctx: Ctx, actor: Actor, q?: string): Promise<Template[]> {
  return (await listTemplates(ctx.db, actor.projectId, q)).map(templateOf);
}

export async function createTemplate(ctx: Ctx, actor: Actor, body: { title: string; text: string; shortcut?: string | null | undefined }): Promise<Template> {
  const now = ctx.now();
  const row: TemplateRow = {
    id: randomId(),
    project_id: actor.projectId,
    title: body.title,
    text: body.text,
    shortcut: body.shortcut ?? null,
    search: searchText(body.title, body.text, body.shortcut),
    created_at: now,
    updated_at: now,
  };
  await insertTemplate(ctx.db, row);
  return templateOf(row);
}

export async function changeTemplate(
  ctx: Ctx,
  actor: Actor,
  id: string,
  body: { title?: string | undefined; text?: string | undefined; shortcut?: string | null | undefined },
): Promise<Template> {
  const cur = await templateById(ctx.db, actor.projectId, id);
  if (!cur) throw new DomainError('not_found');
  const next: TemplateRow = {
    ...cur,
    title: body.title ?? cur.title,
    text: body.text ?? cur.text,
    shortcut: body.shortcut === undefined ? cur.shortcut : body.shortcut,
    updated_at: ctx.now(),
  };
  next.search = searchText(next.title, next.text, next.shortcut);
  await updateTemplate(ctx.db, next);
  return templateOf(next);
}

export async function removeTemplate(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  if (!(await deleteTemplate(ctx.db, actor.projectId, id))) throw new DomainError('not_found');
}
