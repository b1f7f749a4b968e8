/**
 * `npm run size`: raw, gzip and brotli bytes of every browser bundle, split into what a host page
 * loads before the visitor interacts ("initial") and the complete bundle. Reads the manifests the
 * build writes (dist/size/*.json, see build/rollup-common.ts sizeManifest) and writes
 * dist/size-report.json for the size test. `--where` adds where each kilobyte goes (size-where.ts).
 */
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { printWhere } from './size-where';

export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}
/**
 * `complete` counts every file. `oneLocale` is what one visitor can load at most: the built-in texts
 * come in chunks per locale (texts-en/ru/fr and texts-more-en/ru/fr) and a visitor loads the shown
 * locale's, so only the largest of each kind counts there.
 */
export interface BundleReport {
  bundle: string;
  initial: Sizes;
  complete: Sizes;
  oneLocale: Sizes;
  /**
   * What a visitor who opens the chat and sends a message loads (the widget's only): before
   * interaction, the chat chunk and what it imports statically, and one locale's chat texts (the
   * largest). The views loaded on need (forms, rating, Help, calls…) and their texts are not in it.
   */
  chatting?: Sizes;
  files: { file: string; role: 'initial' | 'lazy'; sizes: Sizes }[];
}

/**
 * The per-locale text chunks: alternatives, one of each kind a visitor loads. Two kinds: the chat's
 * texts (texts-xx, loaded by every visitor who opens the chat) and the rest (texts-more-xx, loaded
 * with the views that show them).
 */
const LOCALE_TEXTS = /(?:^|\/)texts-(?:more-)?(?:en|ru|fr)(?:-[\w-]+)?\.js$/;
const MORE_TEXTS = /(?:^|\/)texts-more-/;

/** The widget's chat chunk (the multiwidget's chat lives in other files). */
const CHAT_CHUNK = /^widget\/[0-9a-f]{10}\/chat\.js$/;
/** Static imports of a built ES module: `import{…}from"./x.js"` and `import"./x.js"`. */
const STATIC_IMPORT = /\bimport\s*(?:[\w*{}\s,$]+?\s*from\s*)?["'](\.\/[^"']+)["']/g;

/** A file and every file it imports statically, as paths relative to dist. */
function withStaticImports(dist: string, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  for (const m of readFileSync(join(dist, file), 'utf8').matchAll(STATIC_IMPORT)) withStaticImports(dist, join(dir, m[1]!).replace(/\\/g, '/'), seen);
  return seen;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');

export function measure(buf: Buffer): Sizes {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const add = (a: Sizes, b: Sizes): Sizes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const zero: Sizes = { raw: 0, gzip: 0, brotli: 0 };

export function sizeReport(dist = DIST): BundleReport[] {
  const dir = join(dist, 'size');
  if (!existsSync(dir)) throw new Error('No size manifests in dist/size: run `npm run build` first.');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const m = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { initial: string[]; lazy: string[] };
      const files = [
        ...m.initial.map((file) => ({ file, role: 'initial' as const })),
        ...m.lazy.filter((file) => !m.initial.includes(file)).map((file) => ({ file, role: 'lazy' as const })),
      ].map((x) => ({ ...x, sizes: measure(readFileSync(join(dist, x.file))) }));
      const initial = files.filter((x) => x.role === 'initial').reduce((s, x) => add(s, x.sizes), zero);
      const complete = files.reduce((s, x) => add(s, x.sizes), zero);
      const largest = (more: boolean) =>
        files.filter((x) => LOCALE_TEXTS.test(x.file) && MORE_TEXTS.test(x.file) === more).sort((a, b) => b.sizes.brotli - a.sizes.brotli)[0];
      const locales = [largest(false), largest(true)];
      const oneLocale = files.filter((x) => !LOCALE_TEXTS.test(x.file) || locales.includes(x)).reduce((s, x) => add(s, x.sizes), zero);
      const chat = files.find((x) => CHAT_CHUNK.test(x.file));
      let chatting: Sizes | undefined;
      if (chat) {
        const loaded = withStaticImports(dist, chat.file);
        chatting = files.filter((x) => x.role === 'initial' || loaded.has(x.file) || x === locales[0]).reduce((s, x) => add(s, x.sizes), zero);
      }
      return { bundle: f.replace(/\.json$/, ''), initial, complete, oneLocale, chatting, files };
    });
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

function printTable(reports: BundleReport[]): void {
  const rows: string[][] = [['bundle', 'file / part', 'raw', 'gzip', 'brotli']];
  for (const r of reports) {
    for (const f of r.files) rows.push([r.bundle, `${f.file} (${f.role})`, kb(f.sizes.raw), kb(f.sizes.gzip), kb(f.sizes.brotli)]);
    rows.push([r.bundle, 'BEFORE INTERACTION', kb(r.initial.raw), kb(r.initial.gzip), kb(r.initial.brotli)]);
    if (r.chatting) rows.push([r.bundle, 'A CHATTING VISITOR (+ chat chunk, one locale)', kb(r.chatting.raw), kb(r.chatting.gzip), kb(r.chatting.brotli)]);
    rows.push([r.bundle, 'COMPLETE', kb(r.complete.raw), kb(r.complete.gzip), kb(r.complete.brotli)]);
    if (r.oneLocale.raw !== r.complete.raw)
      rows.push([r.bundle, 'COMPLETE, ONE LOCALE (largest)', kb(r.oneLocale.raw), kb(r.oneLocale.gzip), kb(r.oneLocale.brotli)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  '));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const reports = sizeReport();
  printTable(reports);
  if (process.argv.includes('--where'))
    printWhere(
      reports.filter((r) => r.bundle !== 'console'),
      DIST,
    );
  writeFileSync(join(DIST, 'size-report.json'), JSON.stringify(reports, null, 2));
}
