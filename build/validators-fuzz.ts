/**
 * Random inputs for a valibot schema, biased to be valid about half the time at every level, so a
 * generated validator (build/validators.ts) can be compared with valibot on many inputs that are
 * valid, nearly valid and wrong. Test code only.
 */
import type { Node } from './validators';

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  '',
  ' ',
  'a',
  'abc',
  ' padded ',
  'Abc_-9',
  'demo',
  'x'.repeat(22),
  'y'.repeat(30),
  'z'.repeat(65),
  'w'.repeat(300),
  'v'.repeat(2100),
  '09:00',
  '18:30',
  '24:00',
  '25:00',
  'Europe/Paris',
  'UTC',
  'Mars/Base',
  '#2563eb',
  '#GGGGGG',
  'ann@example.com',
  'not an email',
  'https://shop.example/a',
  'Ünïcödé',
  'ru',
  'en',
  'fr',
  'de',
  '__proto__',
  'constructor',
  'launcher.open',
  '1.2.3',
  'a\u0000b',
  'session.welcome',
  'message.new',
  'typing.update',
  'x'.repeat(8) + '-_',
];
const NUMBERS = [0, 1, -1, 2, 5, 6, 42, 1.5, 399, 400, 401, 2147483647, 2 ** 31, 1e15, NaN, Infinity, -0];
const JUNK = [undefined, null, true, false, 0, 7, 'str', [], {}, [1, 'a'], { a: 1 }, NaN];

// check() functions may be slow (Intl): remember their answers per function and input.
const CHECKED = new Map<unknown, Map<string, boolean>>();
function checked(fn: (x: string) => boolean, x: string): boolean {
  let m = CHECKED.get(fn);
  if (!m) CHECKED.set(fn, (m = new Map<string, boolean>()));
  let r = m.get(x);
  if (r === undefined) m.set(x, (r = fn(x)));
  return r;
}

function flatten(n: Node): { base: Node; actions: Node[] } {
  if (!n.pipe) return { base: n, actions: [] };
  const inner = flatten(n.pipe[0] as Node);
  return { base: inner.base, actions: [...inner.actions, ...n.pipe.slice(1)] };
}

/**
 * `bad` is the chance of a mistake at each level (junk value, missing or extra key, a value the
 * actions refuse): 0 aims for a valid input, higher values for nearly valid and wrong ones.
 */
export function sample(schema: unknown, rand: () => number, bad = 0.05, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const oops = () => rand() < bad;
  if (oops() || depth > 12) return pick(JUNK);
  const { base, actions } = flatten(schema as Node);
  // Prefer candidates the actions accept (regex, length, range), so many samples are valid.
  const fits = (x: unknown) =>
    actions.every((a) => {
      const r = a.requirement as never;
      const len = (x as { length?: number })?.length ?? 0;
      switch (a.type) {
        case 'regex':
          return typeof x === 'string' && (r as RegExp).test(x);
        case 'min_length':
          return len >= r;
        case 'max_length':
          return len <= r;
        case 'length':
          return len === r;
        case 'integer':
          return Number.isInteger(x);
        case 'min_value':
          return (x as number) >= r;
        case 'max_value':
          return (x as number) <= r;
        case 'check':
          return typeof x === 'string' && checked(r, x);
        default:
          return true;
      }
    });
  const fromList = (xs: readonly unknown[]) => {
    const good = xs.filter(fits);
    return good.length > 0 && !oops() ? pick(good) : pick(xs);
  };
  switch (base.type) {
    case 'string':
      return fromList(STRINGS);
    case 'number':
      return fromList(NUMBERS);
    case 'boolean':
      return rand() < 0.5;
    case 'literal':
      return oops() ? pick(STRINGS) : base.literal;
    case 'picklist':
      return oops() ? pick(STRINGS) : pick(base.options as unknown[]);
    case 'optional':
    case 'nullable':
    case 'nullish': {
      const r = rand();
      if (r < 0.15) return base.type === 'nullable' ? null : undefined;
      if (r < 0.2 && oops()) return null;
      return sample(base.wrapped, rand, bad, depth + 1);
    }
    case 'object':
    case 'strict_object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(base.entries ?? {})) {
        const r = rand();
        if (oops()) continue; // a missing key
        if (['optional', 'nullish'].includes(s.type) && r < 0.3) continue;
        out[k] = sample(s, rand, bad, depth + 1);
      }
      if (oops()) out[pick(['extra', 'constructor', 'zz'])] = pick(JUNK);
      return out;
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      const count = Math.floor(rand() * (oops() ? 260 : 4));
      for (let i = 0; i < count; i++) {
        const k = sample(base.key, rand, bad, depth + 1);
        out[typeof k === 'string' ? (!oops() && i > 0 ? `${k}${i}` : k) : String(i)] = sample(base.value, rand, bad, depth + 1);
      }
      return out;
    }
    case 'array': {
      const count = Math.floor(rand() * (oops() ? 12 : 4));
      return Array.from({ length: count }, () => sample(base.item, rand, bad, depth + 1));
    }
    case 'union':
    case 'variant':
      return sample(pick(base.options as unknown[]), rand, bad, depth + 1);
    default:
      return pick(JUNK);
  }
}

/** Deep equality where a key holding undefined equals a missing key (as JSON sees them). */
export function sameOutput(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!sameOutput((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}
