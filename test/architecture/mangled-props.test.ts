/**
 * build/terser-options.ts shortens the property names in MANGLED_PROPS in the embedded bundles. A
 * shortened name breaks whatever outside the bundle reads or writes that property, silently: this
 * checks every listed name against each outside reader we know of, so a new wire field, stored
 * field, public option or library property that happens to share a listed name fails here instead.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { MANGLED_PROPS, SHORT_NAMES } from '../../build/terser-options';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const WIDGET = `${ROOT}/packages/widget/src`;

const walk = (dir: string): string[] => readdirSync(dir).flatMap((e) => (statSync(`${dir}/${e}`).isDirectory() ? walk(`${dir}/${e}`) : [`${dir}/${e}`]));
const sources = (dir: string) => walk(dir).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));

/** Identifiers, and the words inside string and template literals, of a TypeScript file (comments skipped). */
function tokens(file: string): { idents: Set<string>; words: Set<string> } {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard,
    readFileSync(file, 'utf8'),
  );
  const idents = new Set<string>();
  const words = new Set<string>();
  const addWords = (text: string) => {
    for (const w of text.match(/[A-Za-z_$][\w$]*/g) ?? []) words.add(w);
  };
  // Brace depth, and the depths at which an open template's `${` expressions started.
  let depth = 0;
  const templates: number[] = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k === ts.SyntaxKind.Identifier || (k >= ts.SyntaxKind.FirstKeyword && k <= ts.SyntaxKind.LastKeyword)) idents.add(scanner.getTokenText());
    else if (k === ts.SyntaxKind.StringLiteral || k === ts.SyntaxKind.NoSubstitutionTemplateLiteral) addWords(scanner.getTokenValue());
    else if (k === ts.SyntaxKind.TemplateHead) {
      addWords(scanner.getTokenValue());
      templates.push(depth);
    } else if (k === ts.SyntaxKind.OpenBraceToken) depth++;
    else if (k === ts.SyntaxKind.CloseBraceToken) {
      if (templates.at(-1) === depth) {
        // The `}` closing a template's `${`: the template goes on.
        const t = scanner.reScanTemplateToken(false);
        addWords(scanner.getTokenValue());
        if (t === ts.SyntaxKind.TemplateTail) templates.pop();
      } else depth--;
    }
  }
  return { idents, words };
}

/** Every identifier of a minified or plain JavaScript file (a superset of its property names). */
const jsIdents = (file: string) => new Set(readFileSync(file, 'utf8').match(/[A-Za-z_$][\w$]*/g) ?? []);

/** Where a name is used outside the bundle's own objects: name → why. */
function outsideNames(): Map<string, string> {
  const why = new Map<string, string>();
  const add = (reason: string, names: Iterable<string>) => {
    for (const n of names) if (!why.has(n)) why.set(n, reason);
  };
  // DOM and other browser properties (terser's own list of them).
  const domprops = readFileSync(`${ROOT}/node_modules/terser/tools/domprops.js`, 'utf8').match(/"([^"]+)"/g) ?? [];
  add(
    'a DOM property',
    domprops.map((s) => s.slice(1, -1)),
  );
  // Wire frames, the config, the cached history, uploads: protocol's and the widget's schemas.
  for (const f of [...sources(`${ROOT}/packages/protocol/src`), `${WIDGET}/schemas.ts`, ...sources(`${WIDGET}/generated`)])
    add(`named in ${f.slice(ROOT.length + 1)}`, tokens(f).idents);
  // The public API (createWidget, parley(...), events), what other bundles share, the multiwidget.
  const shared = /^(types|index|internal|inert|binding)\.ts$|contract|^embed\//;
  for (const f of sources(WIDGET).filter((f) => shared.test(f.slice(WIDGET.length + 1)))) add(`named in ${f.slice(ROOT.length + 1)}`, tokens(f).idents);
  for (const f of sources(`${ROOT}/packages/multiwidget/src`)) add(`named in ${f.slice(ROOT.length + 1)}`, tokens(f).idents);
  // A name in a string may be a key looked up by that string, a CSS variable, a storage key.
  for (const f of sources(WIDGET)) add(`in a string in ${f.slice(ROOT.length + 1)}`, tokens(f).words);
  // The libraries bundled with the widget.
  const libs = ['preact/dist', 'preact/hooks/dist', '@preact/signals/dist', '@preact/signals-core/dist', 'valibot/dist'];
  for (const lib of libs) for (const f of walk(`${ROOT}/node_modules/${lib}`).filter((f) => /\.m?js$/.test(f))) add(`used by ${lib}`, jsIdents(f));
  return why;
}

/** What the widget exports from its modules: a lazy chunk's exports are read as properties of its namespace object. */
function exportedNames(): Set<string> {
  const out = new Set<string>();
  for (const f of sources(WIDGET)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|var|function\*?|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/g))
      out.add(m[1]!);
    for (const m of text.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g))
      for (const part of m[1]!.split(','))
        out.add(
          part
            .trim()
            .split(/\s+as\s+/)
            .pop()!
            .replace(/^type\s+/, ''),
        );
  }
  return out;
}

/**
 * The property names of every value the widget serializes, stores, posts to other tabs or hands to
 * the browser or a library: the type of each argument of a JSON.stringify / .set / .update / .post /
 * .send / postMessage / writeHint / setItem call and of any call of a browser API or a library
 * function (fetch, signal, ...), its members' types recursively; each key of an object literal typed
 * as a record (headers, tables looked up by key); and each attribute of a lower-case (DOM) JSX element.
 */
function crossingNames(): Map<string, string[]> {
  const configFile = ts.readConfigFile(`${ROOT}/packages/widget/tsconfig.json`, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, `${ROOT}/packages/widget`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true, composite: false, declaration: false } });
  const checker = program.getTypeChecker();
  const why = new Map<string, string[]>();
  const note = (name: string, reason: string) => {
    const list = why.get(name) ?? [];
    if (!list.includes(reason)) why.set(name, [...list, reason]);
  };
  const seen = new Set<ts.Type>();
  const collect = (type: ts.Type, reason: string, depth = 0): void => {
    if (depth > 8 || seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) for (const t of type.types) collect(t, reason, depth + 1);
    for (const sig of type.getCallSignatures()) collect(sig.getReturnType(), reason, depth + 1);
    const args = checker.isArrayType(type) || checker.isTupleType(type) ? checker.getTypeArguments(type as ts.TypeReference) : [];
    for (const t of args) collect(t, reason, depth + 1);
    if (type.flags & ts.TypeFlags.Object && !(type.getSymbol()?.getName() === 'Promise')) {
      for (const p of checker.getPropertiesOfType(type)) {
        note(p.getName(), reason);
        const decl = p.valueDeclaration ?? p.declarations?.[0];
        if (decl) collect(checker.getTypeOfSymbolAtLocation(p, decl), reason, depth + 1);
      }
    }
  };
  /** A call of a browser API or of a library (fetch's headers, an observer's options...). */
  const isOutside = (node: ts.CallExpression | ts.NewExpression): boolean => {
    const decl = checker.getResolvedSignature(node)?.getDeclaration();
    const file = decl?.getSourceFile();
    return !!file && (program.isSourceFileDefaultLibrary(file) || file.fileName.includes('/node_modules/'));
  };
  const CALLS = /(?:^JSON\.stringify|\.set|\.update|\.post|\.send|postMessage|^writeHint|\.setItem)$/;
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(WIDGET) || /\.test\.tsx?$/.test(sf.fileName)) continue;
    const visit = (node: ts.Node): void => {
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && (CALLS.test(node.expression.getText(sf)) || isOutside(node))) {
        const reason = `in a value passed to ${node.expression.getText(sf)} in ${sf.fileName.slice(ROOT.length + 1)}`;
        for (const a of node.arguments ?? []) collect(checker.getTypeAtLocation(a), reason);
      }
      // A key of an object literal typed as a record (headers, text tables) is data, not a property.
      if (ts.isObjectLiteralExpression(node)) {
        const ctx = checker.getContextualType(node);
        const records = ctx ? (ctx.isUnion() ? ctx.types : [ctx]).filter((t) => checker.getIndexInfoOfType(t, ts.IndexKind.String)) : [];
        for (const p of node.properties) {
          const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
          if (name && records.some((t) => !t.getProperty(name))) note(name, `a key of a record in ${sf.fileName.slice(ROOT.length + 1)}`);
        }
      }
      if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && /^[a-z]/.test(node.tagName.getText(sf)))
        for (const a of node.attributes.properties)
          if (ts.isJsxAttribute(a)) note(a.name.getText(sf), `a DOM attribute in ${sf.fileName.slice(ROOT.length + 1)}`);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return why;
}

describe('property names the widget bundles shorten (build/terser-options.ts)', () => {
  const outside = outsideNames();
  const crossing = crossingNames();
  const exported = exportedNames();

  it('finds the outside names it guards against (not a vacuous pass)', () => {
    // A wire field, a stored field, a value sent to other tabs, a public option, a library's property.
    expect(outside.get('clientId')).toMatch(/protocol/);
    const reasons = (name: string) => (crossing.get(name) ?? []).join('; ');
    expect(reasons('lastReadSeq')).toMatch(/storage\.set/);
    expect(reasons('who')).toMatch(/postMessage/);
    expect(outside.get('onMessage')).toBeDefined();
    expect(outside.get('debounceRendering')).toMatch(/preact/);
    expect(reasons('enterkeyhint')).toMatch(/DOM attribute/);
    expect(reasons('authorization')).toMatch(/record/);
    expect(exported.has('lockFullScreen') && exported.has('createSession')).toBe(true);
  });

  it('shortens only names nothing outside the bundle reads or writes', () => {
    const clashes = MANGLED_PROPS.flatMap((name) => {
      const reasons = [
        outside.get(name),
        ...(crossing.get(name) ?? []),
        exported.has(name) ? 'a module export' : undefined,
        /^on[A-Z]/.test(name) ? 'a Preact event prop' : undefined,
      ];
      return reasons.filter(Boolean).map((r) => `${name}: ${r}`);
    });
    expect(clashes).toEqual([]);
    expect(new Set(MANGLED_PROPS).size).toBe(MANGLED_PROPS.length);
  });

  it('gives each a short name no property of ours, of a bundled library or of the DOM has', () => {
    const used = SHORT_NAMES.slice(0, MANGLED_PROPS.length);
    expect(used.length).toBe(MANGLED_PROPS.length);
    // One- and two-letter property accesses and keys (variables of the same name do not matter).
    const props = new Set<string>();
    const libs = ['preact/dist', 'preact/hooks/dist', '@preact/signals/dist', '@preact/signals-core/dist', 'valibot/dist'];
    const files = [
      ...sources(WIDGET),
      ...sources(`${ROOT}/packages/protocol/src`),
      ...sources(`${ROOT}/packages/multiwidget/src`),
      ...libs.flatMap((lib) => walk(`${ROOT}/node_modules/${lib}`).filter((f) => /\.m?js$/.test(f))),
    ];
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:\.|\?\.)([A-Za-z_$][\w$]?)(?![\w$])|[{,]\s*([A-Za-z_$][\w$]?)\s*\??:/g)) props.add((m[1] ?? m[2])!);
    }
    expect(props.has('v')).toBe(true); // @preact/signals' own shortened `.v`
    expect(used.filter((s) => props.has(s) || outside.get(s) === 'a DOM property' || crossing.has(s))).toEqual([]);
  });
});
