import {
  validateOfflineForm, type CallbackRequest, type Lead, type LeadKind, type OfflineFormSubmission,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation } from '../storage/open';
import type { LeadRow } from '../storage/rows';
import { listLeads, setLeadStatus } from '../storage/leads';
import { topics, type OpsTopicMsg } from '../realtime/topics';

export function leadOf(r: LeadRow): Lead {
  return {
    id: r.id, kind: r.kind as LeadKind, status: r.status === 'done' ? 'done' : 'new', name: r.name, phone: r.phone,
    email: r.email, message: r.message, preferredTime: r.preferred_time, page: r.page, device: r.device, ip: r.ip,
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
  const find = () => ctx.db.selectFrom('leads').selectAll()
    .where('project_id', '=', p.projectId).where('client_id', '=', p.clientId).executeTakeFirst();
  const existing = await find();
  if (existing) {
    if (existing.kind !== p.kind) throw new DomainError('conflict');
    return { id: existing.id, duplicate: true };
  }
  const now = ctx.now();
  const row: LeadRow = {
    id: randomId(), project_id: p.projectId, kind: p.kind, client_id: p.clientId, visitor_id: p.visitorId, status: 'new',
    name: p.name || null, phone: p.phone || null, email: p.email || null, message: p.message || null,
    preferred_time: p.preferredTime || null, page: p.page || null, device: p.device, ip: p.ip, locale: p.locale ?? null,
    created_at: now, updated_at: now,
  };
  try {
    await ctx.db.insertInto('leads').values(row).execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const again = await find();
    if (!again || again.kind !== p.kind) throw new DomainError('conflict');
    return { id: again.id, duplicate: true };
  }
  ctx.bus.publish(topics.ops(p.projectId), { t: 'lead', lead: leadOf(row) } satisfies OpsTopicMsg);
  return { id: row.id, duplicate: false };
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
  return storeLead(ctx, {
    projectId: p.projectId, kind: 'offline_form', clientId: f.clientId, visitorId: p.visitorId,
    name: keep('name', f.name), phone: keep('phone', f.phone), email: keep('email', f.email), message: keep('message', f.message),
    page: f.page, device: p.device, ip: p.ip, locale: f.locale,
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
    projectId: p.projectId, kind: 'callback', clientId: r.clientId, visitorId: p.visitorId, name: r.name, phone: r.phone,
    preferredTime: r.preferredTime, page: r.page, device: p.device, ip: p.ip, locale: r.locale,
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
