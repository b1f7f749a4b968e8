/**
 * The doc comments of protocol's sources, read with the TypeScript parser, for the generated
 * protocol reference: what a frame is (the comment on its constant in frames/types.ts or
 * operator/frames.ts, or on its schema), and what each field means (the comment on the field).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface SourceDocs {
  /** `C:session.hello` → what the frame is. */
  frames: Map<string, string>;
  /** Owner (a frame key like `C:session.hello`, or a variable name) → field → comment. */
  fields: Map<string, Map<string, string>>;
  /** Owner → the variables its fields come from (`...RATING_ENTRIES`, `v.object(PRESENCE_ENTRIES)`). */
  spreads: Map<string, string[]>;
  /** Variable name → its own doc comment. */
  vars: Map<string, string>;
}

type Constants = Record<string, Record<string, string>>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** The text of the `/** … *\/` comments right before a node, without the stars. */
function docComment(sf: ts.SourceFile, node: ts.Node): string {
  const text = sf.getFullText();
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  return ranges
    .map((r) => text.slice(r.pos, r.end))
    .filter((c) => c.startsWith('/**'))
    .map((c) =>
      c
        .replace(/^\/\*\*|\*\/$/g, '')
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, '').trim())
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .join(' ');
}

export function sourceDocs(dir: string, constants: Constants): SourceDocs {
  const docs: SourceDocs = { frames: new Map(), fields: new Map(), spreads: new Map(), vars: new Map() };
  /** Comments on the frame-name constants: used where the frame's schema has none of its own. */
  const named = new Map<string, string>();
  /** Fields without a comment whose value is a named schema (`clientId: ClientIdSchema`): that schema's comment. */
  const refs: [owner: string, field: string, variable: string][] = [];
  const schemaName = (e: ts.Expression): string | null => {
    if (ts.isIdentifier(e)) return e.text;
    // v.optional(X), v.nullable(X), v.optional(X, default)
    if (ts.isCallExpression(e) && /\.(optional|nullable|nullish)$/.test(e.expression.getText()) && e.arguments[0]) return schemaName(e.arguments[0]);
    return null;
  };
  const field = (owner: string, name: string, doc: string) => {
    if (!doc) return;
    let m = docs.fields.get(owner);
    if (!m) docs.fields.set(owner, (m = new Map<string, string>()));
    m.set(name, doc);
  };
  const spread = (owner: string, from: string) => docs.spreads.set(owner, [...(docs.spreads.get(owner) ?? []), from]);
  /** `type: v.literal(C.Hello)` → `C:session.hello`. */
  const frameKey = (obj: ts.ObjectLiteralExpression): string | null => {
    for (const p of obj.properties) {
      if (!ts.isPropertyAssignment(p) || p.name.getText() !== 'type' || !ts.isCallExpression(p.initializer)) continue;
      const arg = p.initializer.arguments[0];
      if (arg && ts.isPropertyAccessExpression(arg) && ts.isIdentifier(arg.expression)) {
        const family = arg.expression.text;
        const value = constants[family]?.[arg.name.text];
        if (value) return `${family}:${value}`;
      }
    }
    return null;
  };
  const varName = (node: ts.Node): string | null => {
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text;
      if (ts.isPropertyAssignment(n) || ts.isArrayLiteralExpression(n)) return null;
    }
    return null;
  };

  for (const file of files(dir)) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isVariableStatement(node)) {
        const doc = docComment(sf, node);
        for (const d of node.declarationList.declarations) {
          if (!ts.isIdentifier(d.name)) continue;
          if (doc) docs.vars.set(d.name.text, doc);
          // `X = v.object(ENTRIES)` / `mergeEntries(A, B)`: X's fields are those variables'.
          if (d.initializer && ts.isCallExpression(d.initializer)) {
            for (const a of d.initializer.arguments) if (ts.isIdentifier(a)) spread(d.name.text, a.text);
          }
          // The frame-name constants: `export const C = { /** … */ Hello: 'session.hello', … }`.
          const family = constants[d.name.text];
          const obj = d.initializer && ts.isAsExpression(d.initializer) ? d.initializer.expression : d.initializer;
          if (family && obj && ts.isObjectLiteralExpression(obj)) {
            for (const p of obj.properties) {
              const value = family[p.name?.getText() ?? ''];
              const text = docComment(sf, p);
              if (value && text) named.set(`${d.name.text}:${value}`, text);
            }
          }
        }
      }
      if (ts.isObjectLiteralExpression(node)) {
        const key = frameKey(node);
        const name = varName(node);
        const owners = [key, name].filter((o): o is string => !!o);
        if (key) {
          // A comment on the frame's schema (in a variant list, or its variable) says more than the constant's.
          const call = node.parent && ts.isCallExpression(node.parent) ? node.parent : node;
          const own = docComment(sf, call) || (name ? (docs.vars.get(name) ?? '') : '');
          if (own) docs.frames.set(key, own);
        }
        for (const p of node.properties) {
          for (const owner of owners) {
            if (ts.isPropertyAssignment(p)) {
              const doc = docComment(sf, p);
              const ref = doc ? null : schemaName(p.initializer);
              if (doc) field(owner, p.name.getText(), doc);
              else if (ref) refs.push([owner, p.name.getText(), ref]);
            } else if (ts.isSpreadAssignment(p) && ts.isIdentifier(p.expression)) spread(owner, p.expression.text);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  for (const [key, text] of named) if (!docs.frames.has(key)) docs.frames.set(key, text);
  for (const [owner, name, variable] of refs) {
    const doc = docs.vars.get(variable);
    if (doc && !docs.fields.get(owner)?.has(name)) field(owner, name, doc);
  }
  return docs;
}
