/**
 * `{ ...a, ...b }` for schema entries shared between modules. Call it with rollup's pure
 * annotation in front (see entities.ts): bundlers treat a module-level spread as a possible side
 * effect and would keep it, and every schema it reaches, in bundles that never use it.
 */
export function mergeEntries<A extends object, B extends object>(a: A, b: B): A & B {
  return { ...a, ...b };
}
