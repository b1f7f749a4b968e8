import type { DialogLead, Lead, WebhookLead } from '@parley/protocol';
import type { Ctx } from '../../context';
import type { Db } from '../../storage/open';
import { parseJsonObject, type DialogRow } from '../../storage/rows';
import { randomId } from '../../util/crypto';
import { operatorFileUrl } from '../urls';
import { recordWebhookEvent } from './record';
import { kyselyExec } from '../../storage/kysely-exec';

/**
 * `lead.created`: the operator's "Create lead" (the product documents' CRM lead), and every
 * offline form and callback request. A CRM lead carries the visitor's contacts, custom params, the
 * admin's CRM fields, the journey and the transcript WITHOUT notes, response times or the rating,
 * plus the operator's email (the CRM makes the same person responsible).
 */

function crmFieldsOf(fields: { key: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) if (f.key.trim()) out[f.key.trim()] = f.value;
  return out;
}

function utmOf(json: string | null): Record<string, string> {
  const o = json ? parseJsonObject(json) : {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o)) if (typeof val === 'string') out[k] = val;
  return out;
}

async function journey(db: Db, visitorId: string | null) {
  if (!visitorId) return { referrer: null, landingPage: null, utm: {}, pages: [] as WebhookLead['pages'] };
  const j = await db.selectFrom('visitor_journeys').selectAll().where('visitor_id', '=', visitorId).executeTakeFirst();
  const pages = await db
    .selectFrom('page_visits')
    .select(['url', 'title', 'at', 'referrer'])
    .where('visitor_id', '=', visitorId)
    .orderBy('at')
    .limit(100)
    .execute();
  const externalRef = pages.find((p) => p.referrer)?.referrer ?? null;
  return {
    referrer: j?.referrer ?? externalRef,
    landingPage: j?.landing_page ?? pages[0]?.url ?? null,
    utm: utmOf(j?.utm ?? null),
    pages: pages.map((p) => ({ url: p.url, title: p.title, at: p.at })),
  };
}

/** The transcript as a CRM gets it: messages only (notes live in another table and are never read here). */
async function transcript(db: Db, dialogId: string): Promise<WebhookLead['transcript']> {
  const rows = await db
    .selectFrom('messages')
    .leftJoin('operators', 'operators.id', 'messages.operator_id')
    .select(['messages.id', 'messages.author_kind', 'messages.text', 'messages.created_at', 'operators.name as op_name'])
    .where('messages.dialog_id', '=', dialogId)
    .where('messages.deleted_at', 'is', null)
    .orderBy('messages.seq')
    .execute();
  const files = rows.length
    ? await db
        .selectFrom('files')
        .select(['id', 'name', 'message_id'])
        .where(
          'message_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return rows.map((r) => ({
    at: r.created_at,
    author: r.author_kind === 'operator' ? 'operator' : r.author_kind === 'system' ? 'system' : 'visitor',
    name: r.author_kind === 'operator' ? (r.op_name ?? null) : null,
    text: r.text,
    attachments: files.filter((f) => f.message_id === r.id).map((f) => ({ name: f.name, url: operatorFileUrl(f.id) })),
  }));
}

/** "Create lead" from a dialog: stored, and `lead.created` to every subscribed endpoint in the same transaction. */
export async function createCrmLead(ctx: Ctx, d: DialogRow, operatorId: string): Promise<DialogLead> {
  const project = await ctx.projects.get(d.project_id);
  const now = ctx.now();
  const id = randomId();
  const op = await ctx.db.selectFrom('operators').select(['id', 'name', 'email']).where('id', '=', operatorId).executeTakeFirstOrThrow();
  await ctx.db.transaction().execute(async (trx) => {
    const vis = await trx.selectFrom('visitors').selectAll().where('id', '=', d.visitor_id).executeTakeFirst();
    const recorded = await recordWebhookEvent(
      kyselyExec(trx),
      d.project_id,
      'lead.created',
      async () => {
        const j = await journey(trx, d.visitor_id);
        const lastPage = j.pages[j.pages.length - 1]?.url ?? null;
        const lead: WebhookLead = {
          id,
          source: 'crm',
          contact: { name: vis?.name ?? null, email: vis?.email ?? null, phone: vis?.phone ?? null },
          message: null,
          preferredTime: null,
          customParams: { ...parseJsonObject(vis?.custom_params ?? '{}'), ...parseJsonObject(d.custom_params) },
          crmFields: crmFieldsOf(project?.settings.crmFields ?? []),
          page: lastPage,
          referrer: j.referrer,
          landingPage: j.landingPage,
          utm: j.utm,
          pages: j.pages,
          dialogId: d.id,
          visitorId: d.visitor_id,
          operator: { id: op.id, name: op.name, email: op.email },
          transcript: await transcript(trx, d.id),
          createdAt: now,
        };
        return { lead };
      },
      now,
    );
    await trx
      .insertInto('crm_leads')
      .values({ id, project_id: d.project_id, dialog_id: d.id, operator_id: op.id, event_id: recorded?.eventId ?? null, created_at: now })
      .execute();
  });
  return (await dialogLeads(ctx, d.id)).find((l) => l.id === id) as DialogLead;
}

/** The dialog's CRM leads and how their deliveries stand. */
export async function dialogLeads({ db }: Pick<Ctx, 'db'>, dialogId: string): Promise<DialogLead[]> {
  const rows = await db
    .selectFrom('crm_leads')
    .leftJoin('operators', 'operators.id', 'crm_leads.operator_id')
    .select(['crm_leads.id', 'crm_leads.created_at', 'crm_leads.event_id', 'operators.name'])
    .where('crm_leads.dialog_id', '=', dialogId)
    .orderBy('crm_leads.created_at')
    .execute();
  const out: DialogLead[] = [];
  for (const r of rows) {
    const ds = r.event_id
      ? await db.selectFrom('webhook_deliveries').select(['endpoint_id', 'status', 'id']).where('event_id', '=', r.event_id).orderBy('id').execute()
      : [];
    // A resend adds a delivery: the newest one per endpoint tells its state.
    const last = new Map<string, string>();
    for (const x of ds) last.set(x.endpoint_id, x.status);
    const states = [...last.values()];
    const delivered = states.filter((s) => s === 'delivered').length;
    const state: DialogLead['state'] =
      states.length === 0 ? 'none' : delivered === states.length ? 'delivered' : states.includes('failed') ? 'failed' : 'pending';
    out.push({ id: r.id, createdAt: r.created_at, operatorName: r.name ?? null, state, endpoints: states.length, delivered });
  }
  return out;
}

/** Offline form and callback submissions: `lead.created` in the lead's own transaction. */
export async function recordFormLead(
  trx: Db,
  projectId: string,
  lead: Lead,
  p: { visitorId: string | null; crmFields: { key: string; value: string }[] },
  now: number,
): Promise<void> {
  await recordWebhookEvent(
    kyselyExec(trx),
    projectId,
    'lead.created',
    async () => {
      const vis = p.visitorId ? await trx.selectFrom('visitors').select('custom_params').where('id', '=', p.visitorId).executeTakeFirst() : undefined;
      const j = await journey(trx, p.visitorId);
      const out: WebhookLead = {
        id: lead.id,
        source: lead.kind === 'callback' ? 'callback' : 'offline_form',
        contact: { name: lead.name, email: lead.email, phone: lead.phone },
        message: lead.message,
        preferredTime: lead.preferredTime,
        customParams: parseJsonObject(vis?.custom_params ?? '{}'),
        crmFields: crmFieldsOf(p.crmFields),
        page: lead.page,
        referrer: j.referrer,
        landingPage: j.landingPage,
        utm: j.utm,
        pages: j.pages,
        dialogId: null,
        visitorId: p.visitorId,
        operator: null,
        transcript: [],
        createdAt: lead.createdAt,
      };
      return { lead: out };
    },
    now,
  );
}
