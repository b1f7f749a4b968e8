/**
 * The widget's validators at run time: a few tiny combinators that generated/validators.ts (built
 * from protocol's valibot schemas by scripts/gen-validators.ts) composes. They follow valibot's
 * semantics for the schema kinds protocol uses (check.test.ts and validators.test.ts compare them
 * with valibot on the same inputs), at a fraction of its bytes: valibot itself never loads in the
 * widget. A validator returns its output (objects rebuilt with only the known keys, strings
 * trimmed where the schema trims) or throws the path of the first problem, an array of keys.
 */
import { isObj, no, ok, own, type Any, type V } from './check-base';

export { own, type V } from './check-base';
// The combinators only the chat's validators (and the call chunk's, loaded from the chat) use live in
// a module of their own, so they load with the chat chunk, not before interaction.
export { lit, union, variant, len, finite, lower } from './check-chat';
/** Runs `f`, prefixing the path of a problem with `k`. */
const at = <T>(k: PropertyKey, f: () => T): T => {
  try {
    return f();
  } catch (p) {
    throw [k].concat(p as never);
  }
};

export const str: V<string> = (x) => ok(typeof x == 'string', x as string);
export const num: V<number> = (x) => ok(typeof x == 'number' && !isNaN(x), x as number);
export const bool: V<boolean> = (x) => ok(typeof x == 'boolean', x as boolean);
export const pick =
  <T>(l: readonly T[]): V<T> =>
  (x) =>
    ok(l.includes(x as T), x as T);

/** optional (undefined), nullable (null) or nullish (both: `n` = 2), with an optional default. */
export const opt = <T>(f: V<T>, n: 0 | 1 | 2 = 0, d?: unknown): V<Any> => {
  const g: V<Any> = (x) => ((n != 1 && x === undefined) || (n && x === null) ? (d === undefined ? x : f(d)) : f(x));
  if (n != 1) {
    g.o = 1;
    g.d = d;
  }
  return g;
};

/** object (unknown keys dropped) or strictObject (`strict`: unknown keys refused). */
export const obj =
  (e: Record<string, V<Any>>, strict?: 1): V<Any> =>
  (x) => {
    if (!isObj(x)) return no();
    const out: Record<string, unknown> = {};
    for (const k in e) {
      const f = e[k] as V;
      if (k in (x as object) || f.d !== undefined) out[k] = at(k, () => f(k in (x as object) ? (x as Any)[k] : f.d));
      else if (!f.o) throw [k];
    }
    if (strict) for (const k in x as object) if (!own(e, k)) throw [k];
    return out;
  };

export const rec =
  (kf: V<string>, vf: V): V<Any> =>
  (x) => {
    if (!isObj(x)) return no();
    const out: Record<string, unknown> = {};
    for (const k in x) if (own(x, k) && k != '__proto__' && k != 'prototype' && k != 'constructor') out[at(k, () => kf(k))] = at(k, () => vf(x[k]));
    return out;
  };

export const arr =
  <T>(f: V<T>): V<T[]> =>
  (x) =>
    Array.isArray(x) ? x.map((y, i) => at(i, () => f(y))) : no();

/** A schema followed by its actions, in order: each returns the (maybe transformed) value or throws. */
export const pipe =
  (f: V, ...a: ((x: Any) => unknown)[]): V<Any> =>
  (x) =>
    a.reduce((y, g) => g(y), f(x));

export const maxLen = (n: number) => (x: { length: number }) => ok(x.length <= n, x);
export const minLen = (n: number) => (x: { length: number }) => ok(x.length >= n, x);
export const re = (r: RegExp) => (x: string) => ok(r.test(x), x);
export const int = (x: number) => ok(Number.isInteger(x), x);
// Here, not in check-chat.ts: the greetings chunk (imported by the loader) uses it too.
export const trim = (x: string) => x.trim();
export const minVal = (n: number) => (x: number) => ok(x >= n, x);
export const maxVal = (n: number) => (x: number) => ok(x <= n, x);
export const maxEntries = (n: number) => (x: object) => ok(Object.keys(x).length <= n, x);

export const test = (fn: (x: Any) => boolean) => (x: unknown) => ok(fn(x), x);

/** Output of a validator, or null when the input fails (with the path of the problem in `path`). */
export function parse<T>(f: V<T>, x: unknown): { ok: true; value: T } | { ok: false; path: string } {
  try {
    return { ok: true, value: f(x) };
  } catch (p) {
    return { ok: false, path: Array.isArray(p) ? p.join('.') : '' };
  }
}
