import { refuseBlocked } from './messages';
import { visitorSearch } from '../storage/visitors';
import { validateOfflineForm, type CallbackRequest, type Lead, type LeadKind, type OfflineFormSubmission } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation } from '../storage/open';
import type { LeadRow } from '../storage/rows';
import { listLeads, setLeadStatus } from '../storage/leads';
import { topics, type OpsTopicMsg } from '../realtime/topics';
import { recordFormLead } from './webhooks/leads';

export function leadOf(r: LeadRow): Lead {
  return {
    id: r.id,
    kind: r.kind as LeadKind,
    status: r.status === 'done' ? 'done' : 'new',
    name: r.name,
    phone: r.phone,
    email: r.email,
    message: r.message,
    preferredTime: r.preferred_time,
    page: r.page,
    device: r.device,
    ip: r.ip,
    createdAt: r.created_at,
  };
}

interface LeadInput {
  projectId: string;
  kind: LeadKind;
  clientId: string;
  visitorId: string | null;
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  message?: string | undefined;
  preferredTime?: string | undefined;
  page?: string | undefined;
  device: string | null;
  ip: string | null;
  locale?: string | undefined;
}

/** Stores a lead once per clientId (a resend answers with the same id) and tells the consoles. */
async function storeLead(ctx: Ctx, p: LeadInput): Promise<{ id: string; duplicate: boolean }> {
  const find = () => ctx.db.selectFrom('leads').selectAll().where('project_id', '=', p.projectId).where('client_id', '=', p.clientId).executeTakeFirst();
  const existing = await find();
  if (existing) {
    if (existing.kind !== p.kind) throw new DomainError('conflict');
    return { id: existing.id, duplicate: true };
  }
  const now = ctx.now();
  const row: LeadRow = {
    id: randomId(),
    project_id: p.projectId,
    kind: p.kind,
    client_id: p.clientId,
    visitor_id: p.visitorId,
    status: 'new',
    name: p.name || null,
    phone: p.phone || null,
    email: p.email || null,
    message: p.message || null,
    preferred_time: p.preferredTime || null,
    page: p.page || null,
    device: p.device,
    ip: p.ip,
    locale: p.locale ?? null,
    created_at: now,
    updated_at: now,
  };
  try {
    const crmFields = (await ctx.projects.get(p.projectId))?.settings.crmFields ?? [];
    // lead.created is written with the lead (the webhook outbox): both or neither.
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('leads').values(row).execute();
      await recordFormLead(trx, p.projectId, leadOf(row), { visitorId: p.visitorId, crmFields }, now);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const again = await find();
    if (!again || again.kind !== p.kind) throw new DomainError('conflict');
    return { id: again.id, duplicate: true };
  }
  ctx.bus.publish(topics.ops(p.projectId), { t: 'lead', lead: leadOf(row) } satisfies OpsTopicMsg);
  ctx.email.lead(p.projectId, leadOf(row));
  ctx.integrations.kick();
  return { id: row.id, duplicate: false };
}

/** Fills the empty fields of a visitor's card (never overwrites what operators or identify set). */
export async function fillVisitorCard(
  ctx: Ctx,
  visitorId: string,
  p: { name?: string | undefined; email?: string | undefined; phone?: string | undefined },
): Promise<void> {
  const v = await ctx.db.selectFrom('visitors').selectAll().where('id', '=', visitorId).executeTakeFirst();
  if (!v) return;
  const next = { name: v.name ?? (p.name?.trim() || null), email: v.email ?? (p.email?.trim() || null), phone: v.phone ?? (p.phone?.trim() || null) };
  if (next.name === v.name && next.email === v.email && next.phone === v.phone) return;
  await ctx.db
    .updateTable('visitors')
    .set({ ...next, search: visitorSearch({ ...v, ...next }) })
    .where('id', '=', visitorId)
    .execute();
}

export async function submitOfflineForm(
  ctx: Ctx,
  p: { projectId: string; visitorId: string | null; device: string | null; ip: string | null; form: OfflineFormSubmission },
): Promise<{ id: string; duplicate: boolean }> {
  const project = await ctx.projects.get(p.projectId);
  if (!project) throw new DomainError('unknown_project');
  const settings = project.settings.offlineForm;
  if (!settings.enabled) throw new DomainError('offline_form_disabled');
  const problems = validateOfflineForm(settings, p.form);
  if (problems.length > 0) throw new DomainError('bad_request', { fields: problems.map((x) => x.field) });
  const f = p.form;
  // Fields the owner switched off are not stored, whatever the client sent.
  const keep = (k: 'name' | 'phone' | 'email' | 'message', val: string | undefined) => (settings.fields[k] === 'off' ? undefined : val);
  if (p.visitorId) {
    const visitorId = p.visitorId;
    await ctx.store.read((x) => refuseBlocked(x, visitorId));
    // What the visitor told us names them to operators, unless they already have a name.
    await fillVisitorCard(ctx, p.visitorId, { name: keep('name', f.name), email: keep('email', f.email), phone: keep('phone', f.phone) });
  }
  return storeLead(ctx, {
    projectId: p.projectId,
    kind: 'offline_form',
    clientId: f.clientId,
    visitorId: p.visitorId,
    name: keep('name', f.name),
    phone: keep('phone', f.phone),
    email: keep('email', f.email),
    message: keep('message', f.message),
    page: f.page,
    device: p.device,
    ip: p.ip,
    locale: f.locale,
  });
}

export async function submitCallback(
  ctx: Ctx,
  p: { projectId: string; visitorId: string | null; device: string | null; ip: string | null; req: CallbackRequest },
): Promise<{ id: string; duplicate: boolean }> {
  const project = await ctx.projects.get(p.projectId);
  if (!project) throw new DomainError('unknown_project');
  const r = p.req;
  return storeLead(ctx, {
    projectId: p.projectId,
    kind: 'callback',
    clientId: r.clientId,
    visitorId: p.visitorId,
    name: r.name,
    phone: r.phone,
    preferredTime: r.preferredTime,
    page: r.page,
    device: p.device,
    ip: p.ip,
    locale: r.locale,
  });
}

export async function findLeads(ctx: Ctx, projectId: string, q: { kind?: LeadKind | undefined; status?: 'new' | 'done' | undefined }): Promise<Lead[]> {
  return (await listLeads(ctx.db, projectId, q)).map(leadOf);
}

export async function markLead(ctx: Ctx, projectId: string, id: string, status: 'new' | 'done'): Promise<Lead> {
  const row = await setLeadStatus(ctx.db, projectId, id, status, ctx.now());
  if (!row) throw new DomainError('not_found');
  return leadOf(row);
}
