import { mergeCustomParams, validatePreChat, type CustomParams, type PreChatSettings, type PreChatSubmission } from '@parley/protocol';
import type { Ctx } from '../context';
import { parseJsonObject, type VisitorRow } from '../storage/rows';
import { visitorSearch } from '../storage/visitors';
import { DomainError } from '../util/errors';

/** The group a visitor chose (the `group` custom parameter, which routing reads). */
const chosenGroup = (v: Pick<VisitorRow, 'custom_params'>): string | undefined => {
  const g = parseJsonObject(v.custom_params).group;
  return typeof g === 'string' ? g : undefined;
};

/** Whether the project's pre-chat form asks this visitor for something they have not given yet. */
export function needsPreChat(p: PreChatSettings, v: Pick<VisitorRow, 'name' | 'email' | 'phone' | 'consent_at' | 'custom_params'>): boolean {
  return (
    p.enabled &&
    validatePreChat(p, {
      name: v.name ?? '',
      email: v.email ?? '',
      phone: v.phone ?? '',
      consent: v.consent_at !== null,
      group: chosenGroup(v),
    }).length > 0
  );
}

/**
 * The pre-chat form: validated against the project's settings, then kept on the visitor (operators
 * read name, email and phone on the dialog; the consent with its time). A signed-in visitor's
 * profile comes from the site: the form only fills what it lacks. A chosen group must be one the
 * form offers and still exist; it becomes the visitor's `group` parameter, which routes the new dialog.
 */
export async function submitPreChat(ctx: Ctx, p: { projectId: string; visitorId: string; form: Omit<PreChatSubmission, 'clientId'> }): Promise<void> {
  const project = await ctx.projects.get(p.projectId);
  if (!project) throw new DomainError('unknown_project');
  const settings = project.settings.preChat;
  if (!settings.enabled) throw new DomainError('bad_request', { detail: 'the pre-chat form is off' });
  const problems = validatePreChat(settings, p.form);
  if (problems.length > 0) throw new DomainError('bad_request', { detail: problems.map((x) => `${x.field}: ${x.problem}`).join(', ') });
  const v = await ctx.db.selectFrom('visitors').selectAll().where('id', '=', p.visitorId).executeTakeFirst();
  if (!v) throw new DomainError('not_found');
  const take = (field: 'name' | 'email' | 'phone') => {
    const given = settings.fields[field] !== 'off' ? p.form[field]?.trim() : undefined;
    return v.kind === 'verified' && v[field] ? v[field] : given || v[field];
  };
  const next = { name: take('name'), email: take('email'), phone: take('phone') };
  const consentAt = p.form.consent && settings.consent !== 'off' ? (v.consent_at ?? ctx.now()) : v.consent_at;
  let params = v.custom_params;
  if (p.form.group && settings.group && settings.group.mode !== 'off') {
    const g = await ctx.db.selectFrom('groups').select('id').where('project_id', '=', p.projectId).where('id', '=', p.form.group).executeTakeFirst();
    if (!g) throw new DomainError('bad_request', { detail: 'group: invalid' });
    params = JSON.stringify(mergeCustomParams(parseJsonObject(v.custom_params) as CustomParams, { group: g.id }));
  }
  await ctx.db
    .updateTable('visitors')
    .set({ ...next, consent_at: consentAt, custom_params: params, search: visitorSearch({ ...v, ...next }) })
    .where('id', '=', v.id)
    .execute();
}
