/**
 * Compiles valibot schemas (protocol's, the single definition of the wire format) into a module of
 * tiny validators built from packages/widget/src/core/check.ts, so the widget validates exactly
 * what protocol says without shipping valibot. scripts/gen-validators.ts writes the module; the
 * widget's validators.test.ts checks it is up to date and agrees with valibot on random inputs.
 *
 * Supported: string, number, boolean, literal, picklist, object, strictObject, record, array,
 * union, variant (string literal discriminators), optional/nullable/nullish (with plain defaults),
 * and the actions minLength, maxLength, length, regex, email, integer, minValue, maxValue,
 * maxEntries, trim, toLowerCase, plus check() with a function listed in `checks`. Anything else
 * fails the generation with the path of the schema, never a validator that accepts too much.
 */

// valibot's schema objects, as far as we read them.
export interface Node {
  kind: string;
  type: string;
  pipe?: Node[];
  wrapped?: Node;
  default?: unknown;
  entries?: Record<string, Node>;
  options?: unknown[];
  item?: Node;
  key?: Node | string;
  value?: Node;
  literal?: unknown;
  requirement?: unknown;
}

export interface GenerateOptions {
  /** Import path of the combinators (check.ts) from the generated file. */
  runtime: string;
  /** Functions used in `v.check(fn)`, by identity: the name to import and where from. */
  checks: Map<unknown, { name: string; from: string }>;
  /** Types to import for the exports' annotations: module -> names. */
  typeImports: Record<string, string[]>;
  header: string;
  /**
   * Files that import no hoisted const of another file (their shared schemas are written out again):
   * a lazy chunk that must not import from the chunk that loads it, or rollup wraps that chunk's
   * namespace for its own importer (the loader grows).
   */
  standalone?: readonly string[];
}

export interface ExportSpec {
  schema: unknown;
  /** The TypeScript type of the output, e.g. `WidgetConfig`. */
  type: string;
}

const json = (x: unknown) => JSON.stringify(x);
const EMAIL = /^[\w+-]+(?:\.[\w+-]+)*@[\da-zA-Z]+(?:[.-][\da-zA-Z]+)*\.[a-zA-Z]{2,}$/u;

interface Group {
  runtime: Set<string>;
  checks: Map<string, string>;
  /** Hoisted consts of earlier files this one uses: file -> names. */
  imports: Map<string, Set<string>>;
  defs: string[];
  out: string[];
  /** Hoisted consts later files use. */
  exported: Set<string>;
}

/**
 * One module per group of exports, in order (e.g. what the loader needs, then what the lazily
 * loaded chat needs): a bundler places a module in one chunk, so validators only the chat uses must
 * not share a module with the loader's. A schema shared by several groups is defined in the first
 * that uses it and imported by the others. Returns the source of each file, by file name.
 */
export function generateValidators(groups: Record<string, Record<string, ExportSpec>>, opts: GenerateOptions): Record<string, string> {
  const files = Object.keys(groups);
  const state = new Map<string, Group>(
    files.map((f) => [f, { runtime: new Set(), checks: new Map(), imports: new Map(), defs: [], out: [], exported: new Set() }]),
  );
  let cur: Group | null = null;
  const call = (fn: string, args: string) => {
    cur?.runtime.add(fn);
    return `/*#__PURE__*/ ${fn}(${args})`;
  };
  const ref = (name: string) => {
    cur?.runtime.add(name);
    return name;
  };

  const fail = (path: string, what: string): never => {
    throw new Error(`gen-validators: ${what} at ${path || '(root)'} is not supported`);
  };

  const action = (a: Node, path: string): string => {
    const r = a.requirement;
    switch (a.type) {
      case 'min_length':
        return call('minLen', json(r));
      case 'max_length':
        return call('maxLen', json(r));
      case 'length':
        return call('len', json(r));
      case 'min_value':
        return call('minVal', json(r));
      case 'max_value':
        return call('maxVal', json(r));
      case 'max_entries':
        return call('maxEntries', json(r));
      case 'integer':
        return ref('int');
      case 'finite':
        return ref('finite');
      case 'trim':
        return ref('trim');
      case 'to_lower_case':
        return ref('lower');
      case 'regex':
        return call('re', String(r));
      case 'email':
        return call('re', String(EMAIL));
      case 'check': {
        const known = opts.checks.get(r);
        if (!known) return fail(path, 'check() with an unlisted function');
        cur?.checks.set(known.name, known.from);
        return call('test', known.name);
      }
      default:
        return fail(path, `action ${a.type}`);
    }
  };

  // Pass 1 makes each node's inline expression; pass 2 hoists the ones used more than once.
  const inline = (n: Node, path: string, emit: (n: Node, path: string) => string): string => {
    if (n.kind !== 'schema') return fail(path, `a ${n.kind}`);
    if (n.pipe) {
      const [root, ...acts] = n.pipe;
      if (!root) return fail(path, 'an empty pipe');
      if (['optional', 'nullable', 'nullish'].includes(root.type)) return fail(path, 'a pipe over an optional schema');
      return call('pipe', [emit(root, path), ...acts.map((a) => action(a, path))].join(', '));
    }
    switch (n.type) {
      case 'string':
        return ref('str');
      case 'number':
        return ref('num');
      case 'boolean':
        return ref('bool');
      case 'null':
        return call('lit', 'null');
      case 'literal':
        return call('lit', json(n.literal));
      case 'picklist':
        return call('pick', json(n.options));
      case 'optional':
      case 'nullable':
      case 'nullish': {
        const d = n.default;
        if (typeof d === 'function') return fail(path, 'a computed default');
        const mode = n.type === 'optional' ? 0 : n.type === 'nullable' ? 1 : 2;
        const args = [emit(n.wrapped as Node, path), String(mode)];
        if (d !== undefined) args.push(json(d));
        return call('opt', mode === 0 && d === undefined ? args[0]! : args.join(', '));
      }
      case 'object':
      case 'strict_object': {
        const e = Object.entries(n.entries ?? {}).map(([k, s]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : json(k)}: ${emit(s, `${path}.${k}`)}`);
        return call('obj', `{ ${e.join(', ')} }${n.type === 'strict_object' ? ', 1' : ''}`);
      }
      case 'record':
        return call('rec', `${emit(n.key as Node, `${path}[key]`)}, ${emit(n.value as Node, `${path}[value]`)}`);
      case 'array':
        return call('arr', emit(n.item as Node, `${path}[]`));
      case 'union':
        return call('union', `[${(n.options as Node[]).map((o, i) => emit(o, `${path}|${i}`)).join(', ')}]`);
      case 'variant': {
        const key = n.key as string;
        const cases: string[] = [];
        const seen = new Set<string>();
        const add = (o: Node) => {
          if (o.type === 'variant') {
            if (o.key !== key) fail(path, 'a nested variant on another key');
            for (const x of o.options as Node[]) add(x);
            return;
          }
          const d = o.entries?.[key];
          if (!d || d.type !== 'literal' || typeof d.literal !== 'string' || d.pipe)
            return void fail(path, 'a variant option without a string literal discriminator');
          if (seen.has(d.literal)) fail(path, `a repeated discriminator ${d.literal}`);
          seen.add(d.literal);
          // A plain object drops unknown keys anyway: the discriminator, already matched, is put
          // back by variant() rather than checked again (fewer bytes); a strict one keeps it.
          const shown = o.type === 'object' && !o.pipe ? { ...o, entries: Object.fromEntries(Object.entries(o.entries ?? {}).filter(([k]) => k !== key)) } : o;
          cases.push(`${json(d.literal)}: ${emit(shown, `${path}<${d.literal}>`)}`);
        };
        for (const o of n.options as Node[]) add(o);
        return call('variant', `${json(key)}, {\n  ${cases.join(',\n  ')}\n}`);
      }
      default:
        return fail(path, `schema type ${n.type}`);
    }
  };

  const memo = new Map<Node, string>();
  const full = (n: Node, path: string): string => {
    let s = memo.get(n);
    if (s === undefined) memo.set(n, (s = inline(n, path, full)));
    return s;
  };
  // How often each (structurally equal) schema is reached from the exports: shared ones are hoisted.
  const counts = new Map<string, number>();
  const walk = (n: Node, path: string) => {
    const key = full(n, path);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const kids: Node[] = [];
    if (n.pipe) kids.push(n.pipe[0] as Node);
    else if (n.wrapped) kids.push(n.wrapped);
    else if (n.entries) kids.push(...Object.values(n.entries));
    else if (n.type === 'record') kids.push(n.key as Node, n.value as Node);
    else if (n.item) kids.push(n.item);
    else if (n.type === 'union' || n.type === 'variant') kids.push(...(n.options as Node[]));
    for (const k of kids) walk(k, path);
  };
  for (const specs of Object.values(groups)) for (const [name, spec] of Object.entries(specs)) walk(spec.schema as Node, name);

  const hoisted = new Map<string, { name: string; file: string }>();
  let file = '';
  const emit = (n: Node, path: string): string => {
    const key = full(n, path);
    if ((counts.get(key) ?? 0) < 2 || key.length < 12) return inline(n, path, emit);
    let h = hoisted.get(key);
    if (h && h.file !== file && opts.standalone?.includes(file)) return inline(n, path, emit);
    if (!h) {
      const body = inline(n, path, emit);
      h = { name: `$${hoisted.size}`, file };
      hoisted.set(key, h);
      cur?.defs.push(`const ${h.name} = ${body};`);
    } else if (h.file !== file) {
      const home = state.get(h.file) as Group;
      home.exported.add(h.name);
      const names = cur?.imports.get(h.file) ?? new Set<string>();
      cur?.imports.set(h.file, names.add(h.name));
    }
    return h.name;
  };
  for (const f of files) {
    file = f;
    cur = state.get(f) as Group;
    for (const [name, spec] of Object.entries(groups[f] as Record<string, ExportSpec>)) {
      const body = inline(spec.schema as Node, name, emit);
      cur.out.push(`export const ${name}: V<${spec.type}> = ${body};`);
    }
  }

  const result: Record<string, string> = {};
  for (const f of files) {
    const g = state.get(f) as Group;
    const lines = [opts.header, ''];
    lines.push(`import { ${[...g.runtime].sort().join(', ')}, type V } from '${opts.runtime}';`);
    const byModule = new Map<string, string[]>();
    for (const [fn, from] of g.checks) byModule.set(from, [...(byModule.get(from) ?? []), fn]);
    for (const [from, names] of byModule) lines.push(`import { ${names.sort().join(', ')} } from '${from}';`);
    for (const [from, names] of g.imports) lines.push(`import { ${[...names].join(', ')} } from './${from.replace(/\.ts$/, '')}';`);
    const body = g.out.join('\n');
    for (const [from, names] of Object.entries(opts.typeImports)) {
      const used = names.filter((n) => new RegExp(`\\b${n}\\b`).test(body));
      if (used.length > 0) lines.push(`import type { ${used.sort().join(', ')} } from '${from}';`);
    }
    const defs = g.defs.map((d) => (g.exported.has(d.slice(6, d.indexOf(' =', 6))) ? `export ${d}` : d));
    lines.push('', ...defs, '', ...g.out, '');
    result[f] = lines.join('\n');
  }
  return result;
}
