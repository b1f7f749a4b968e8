import * as v from 'valibot';
import { DomainError } from './errors';

/** Validates input with a protocol schema; failures are 400 bad_request naming the fields. */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, input ?? {});
  if (r.success) return r.output;
  const fields = [...new Set(r.issues.map((i) => v.getDotPath(i) ?? '(root)'))];
  throw new DomainError('bad_request', { fields });
}
