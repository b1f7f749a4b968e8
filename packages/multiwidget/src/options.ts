import * as v from 'valibot';
import { LocaleSchema, ProjectIdSchema } from '@parley/protocol';
import type { MultiwidgetOptions } from './multiwidget';

const name = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const GoalSchema = v.object({
  gtag: v.optional(name),
  ym: v.optional(v.object({ counter: v.pipe(v.number(), v.integer(), v.minValue(1)), goal: name })),
  dataLayer: v.optional(name),
});
const FIELDS = {
  project: ProjectIdSchema,
  server: v.pipe(v.string(), v.regex(/^https?:\/\/[^/?#]+$/)),
  locale: LocaleSchema,
  goals: v.object({ open: v.optional(GoalSchema), 'channel:click': v.optional(GoalSchema) }),
} as const;

/**
 * Options from `parley('multiwidget.init', {...})` and the script's data attributes, checked
 * field by field: a bad field is reported and left out, the rest still apply.
 */
export function readOptions(input: unknown, warn: (m: string) => void): MultiwidgetOptions {
  const out: Record<string, unknown> = {};
  if (input !== undefined && (!input || typeof input !== 'object')) warn('init: options must be an object');
  else
    for (const [key, value] of Object.entries(input ?? {})) {
      const r = Object.prototype.hasOwnProperty.call(FIELDS, key) ? v.safeParse(FIELDS[key as keyof typeof FIELDS], value) : null;
      if (r?.success) out[key] = r.output;
      else if (value !== undefined) warn(`init: invalid or unknown option "${key}"`);
    }
  return out;
}
