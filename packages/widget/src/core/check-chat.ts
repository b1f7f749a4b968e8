/** The validator combinators only the chat's (and later chunks') validators use (the call chunk's too, loaded from the chat): see check.ts. */
import { isObj, no, ok, own, type Any, type V } from './check-base';

export const lit =
  <T>(l: T): V<T> =>
  (x) =>
    ok(x === l, l);

/** The first option that accepts the input wins; otherwise the deepest problem is reported. */
export const union =
  (fs: V[]): V<Any> =>
  (x) => {
    let e: unknown[] = [];
    for (const f of fs) {
      try {
        return f(x);
      } catch (p) {
        if ((p as unknown[]).length > e.length) e = p as unknown[];
      }
    }
    throw e;
  };

/**
 * Objects told apart by a string literal at `key`. The output has that key first: a plain object
 * option (generated without it, see build/validators.ts) does not check it again.
 */
export const variant =
  (key: string, m: Record<string, V>): V<Any> =>
  (x) => {
    const t = isObj(x) ? x[key] : 0;
    return typeof t == 'string' && own(m, t) ? { [key]: t, ...(m[t] as V<object>)(x) } : no();
  };

export const len = (n: number) => (x: { length: number }) => ok(x.length == n, x);
export const finite = (x: number) => ok(Number.isFinite(x), x);
export const lower = (x: string) => x.toLowerCase();
