import type * as v from 'valibot';

type AnySchema = v.GenericSchema & {
  type: string;
  entries?: Record<string, AnySchema>;
  wrapped?: AnySchema;
  item?: AnySchema;
  options?: AnySchema[];
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Dot paths of the fields in `value` that `schema` does not declare, at any depth.
 *
 * valibot's `object` drops unknown keys silently, which is right for reading our own stored data
 * and for clients reading a newer server, but a request that sends `{"bogus": 1}` is a mistake
 * the caller should hear about, not a 200. Records (free-form maps) accept any key; unions
 * accept a key that any of their object options declares.
 */
export function unknownKeys(schema: v.GenericSchema, value: unknown, path = ''): string[] {
  const s = schema as AnySchema;
  switch (s.type) {
    case 'optional':
    case 'nullable':
    case 'nullish':
    case 'exact_optional':
    case 'non_optional':
    case 'non_nullable':
      return s.wrapped ? unknownKeys(s.wrapped, value, path) : [];
    case 'array':
      return Array.isArray(value) && s.item ? value.flatMap((x, i) => unknownKeys(s.item as AnySchema, x, `${path}${path ? '.' : ''}${i}`)) : [];
    case 'object':
    case 'strict_object': {
      if (!isObject(value) || !s.entries) return [];
      const out: string[] = [];
      for (const [k, x] of Object.entries(value)) {
        const at = path ? `${path}.${k}` : k;
        const entry = s.entries[k];
        if (!entry) out.push(at);
        else out.push(...unknownKeys(entry, x, at));
      }
      return out;
    }
    case 'union':
    case 'variant': {
      const options = s.options ?? [];
      // The option the value was accepted as has no complaint; report only if every option has one.
      let best: string[] | null = null;
      for (const o of options) {
        const found = unknownKeys(o, value, path);
        if (found.length === 0) return [];
        if (!best || found.length < best.length) best = found;
      }
      return best ?? [];
    }
    default:
      return [];
  }
}
