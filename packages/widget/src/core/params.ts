import { MAX_CUSTOM_PARAMS, MAX_CUSTOM_PARAM_KEY_LENGTH, MAX_CUSTOM_PARAM_VALUE_LENGTH, type CustomParamsPatch } from '@parley/protocol';
import { checkParamsPatch } from '../generated/validators-page-calls';
import { parse } from './check';

/**
 * Reads `setCustomParams` input (with the page calls' chunk, session/page-calls.ts). Numbers and booleans become strings (what operators read);
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
  const r = parse(checkParamsPatch, out);
  if (!r.ok) {
    const many = Object.keys(out).length > MAX_CUSTOM_PARAMS;
    return {
      ok: false,
      reason: `setCustomParams(): ${many ? `at most ${MAX_CUSTOM_PARAMS} params` : `invalid "${r.path}" (keys of 1 to ${MAX_CUSTOM_PARAM_KEY_LENGTH} characters, values up to ${MAX_CUSTOM_PARAM_VALUE_LENGTH})`}`,
    };
  }
  return { ok: true, patch: r.value };
}

/** Patches accumulate: the latest value of each key wins, and a null stays to remove it on the server. */
export function mergePatch(a: CustomParamsPatch, b: CustomParamsPatch): CustomParamsPatch {
  return { ...a, ...b };
}
