import type { Ctx } from '../context';
import { callJson } from './http';

type PhoneParts = { e164: string; code: string; country: string | null };

/**
 * The parser of "+7 916 123-45-67" and its country code "7" from what Telegram passes (digits, with
 * or without +). libphonenumber's metadata loads with the first shared phone, not at every start.
 */
async function phoneParser(): Promise<(raw: string) => PhoneParts> {
  const { parsePhoneNumberFromString } = await import('libphonenumber-js');
  return (raw) => {
    const digits = raw.replace(/[^\d]/g, '');
    const p = parsePhoneNumberFromString(`+${digits}`);
    if (!p) return { e164: `+${digits}`, code: '', country: null };
    return { e164: p.number, code: p.countryCallingCode, country: p.country ?? null };
  };
}

export async function phoneParts(raw: string): Promise<PhoneParts> {
  return (await phoneParser())(raw);
}

/**
 * Which signed-in visitor a shared number belongs to: the site's back end when the project names
 * one (POST { phone } → { userId }), else a verified visitor whose phone field is the same number.
 */
export async function matchPhone(ctx: Ctx, projectId: string, e164: string, lookupUrl: string | null): Promise<string | null> {
  if (lookupUrl) {
    try {
      const r = await callJson(lookupUrl, { json: { phone: e164 }, timeoutMs: 10_000 });
      const body = r.body as { userId?: unknown } | null;
      const userId = r.status === 200 && typeof body?.userId === 'string' ? body.userId : null;
      if (!userId) return null;
      const v = await ctx.db
        .selectFrom('visitors')
        .select('id')
        .where('project_id', '=', projectId)
        .where('kind', '=', 'verified')
        .where('user_id', '=', userId)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      return v?.id ?? null;
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message }, 'phone lookup failed: manual verification');
      return null;
    }
  }
  // Phone fields are typed by people ("+7 916 123-45-67"): compare the numbers, not the strings.
  const rows = await ctx.db
    .selectFrom('visitors')
    .select(['id', 'phone'])
    .where('project_id', '=', projectId)
    .where('kind', '=', 'verified')
    .where('erased_at', 'is', null)
    .where('phone', 'is not', null)
    .limit(10_000)
    .execute();
  const want = e164.replace(/\D/g, '');
  const parts = await phoneParser();
  return rows.find((r) => r.phone && parts(r.phone).e164.replace(/\D/g, '') === want)?.id ?? null;
}
