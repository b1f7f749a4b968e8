import * as v from 'valibot';
import { CustomParamsPatchSchema, type CustomParamsPatch } from '@parley/protocol';

/**
 * Reads `setCustomParams` input. Numbers and booleans become strings (what operators read);
 * null removes a parameter. Anything else is refused with a reason.
 */
export function parseParams(input: unknown): { ok: true; patch: CustomParamsPatch } | { ok: false; reason: string } {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { ok: false, reason: 'setCustomParams() expects an object' };
  const out: Record<string, string | null> = {};
  for (const [k, val] of Object.entries(input as Record<string, unknown>)) {
    if (val === null || typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
    else return { ok: false, reason: `setCustomParams(): "${k}" must be a string, number, boolean or null` };
  }
  const r = v.safeParse(CustomParamsPatchSchema, out);
  if (!r.success) return { ok: false, reason: `setCustomParams(): ${r.issues[0]?.message ?? 'invalid'} at ${v.getDotPath(r.issues[0]) ?? 'params'}` };
  return { ok: true, patch: r.output };
}

/** Patches accumulate: the latest value of each key wins, and a null stays to remove it on the server. */
export function mergePatch(a: CustomParamsPatch, b: CustomParamsPatch): CustomParamsPatch {
  return { ...a, ...b };
}
