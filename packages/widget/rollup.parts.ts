import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import replace from '@rollup/plugin-replace';
import MagicString from 'magic-string';
import type { OutputOptions, Plugin, RollupOptions } from 'rollup';
import { browserPlugins, DIST, dtsPlugin, ROOT, sizeManifest, WATCH } from '../../build/rollup-common';
import { pruneBuilds } from '../../build/keep-builds';

/**
 * The widget ships three ways:
 *  1. dist/widget/<build>/loader.js + dist/widget/<build>/chat.js…: the ES module graph of the
 *     embed, in a folder named by the hash of all its files (see buildFolder); the chat chunk
 *     (socket, storage, panel) is imported when the visitor interacts.
 *  2. dist/widget.js: the classic script site owners paste; it imports (1) from its own origin,
 *     pinned to this very build's folder.
 *  3. packages/widget/dist/: the npm package for bundlers (`@parley/widget`: createWidget, and
 *     `@parley/widget/internal` for the multiwidget), with bundled .d.ts; what `npm pack` ships.
 * Builds run in order (rollup builds a config array sequentially): (2) reads the loader's file
 * name from (1).
 */
const SRC = `${ROOT}/packages/widget/src`;
/** The npm package's build (package.json `exports` and `files`). */
const PKG_DIST = `${ROOT}/packages/widget/dist`;
const VERSION = (JSON.parse(readFileSync(`${ROOT}/packages/widget/package.json`, 'utf8')) as { version: string }).version;

/** Where the embed's build is written before its folder gets its name (a dot folder: never served). */
const STAGE = `${DIST}/widget/.build`;

let loaderFile: string | null = null;
/** The loader build's modules: under `npm run dev` a change to any of them must rebuild widget.js too (it pins the loader's hash). */
let loaderModules: string[] = [];

/** Old content-hashed chunks would pile up in dist/ from build to build: clear this bundle's folder first. */
const clean = (dir: string): Plugin => ({
  name: 'parley-clean',
  buildStart() {
    rmSync(dir, { recursive: true, force: true });
  },
});

/** The embed's folder: a few earlier builds stay, for pages that still hold their widget.js (build/keep-builds.ts). */
const keepRecentBuilds = (dir: string): Plugin => ({
  name: 'parley-keep-builds',
  buildStart() {
    pruneBuilds(dir);
  },
});

/**
 * The loader fetches the chat chunk before importing it (widget.ts chatChunk: a failed module
 * import stays failed for the page's life in some browsers). Its name is written into the loader
 * as `__PARLEY_CHAT_FILE__` here, where the chunks are known (with a hash placeholder, which rollup
 * replaces with the final hash); before terser, which then folds the `typeof` check away. The chat
 * chunk must import nothing but the loader (already loaded): a chunk it imported could fail the same
 * way, so the build stops rather than ship that. The npm package has none (the app's bundler loads its chunks).
 */
const chatFile = (): Plugin => ({
  name: 'parley-chat-file',
  renderChunk(code, chunk, _options, { chunks }) {
    if (!code.includes('__PARLEY_CHAT_FILE__')) return null;
    const chat = Object.values(chunks).find((c) => c.moduleIds.includes(`${SRC}/session/index.ts`));
    if (!chat) return this.error('no chat chunk to name in the loader');
    const other = chat.imports.filter((f) => f !== chunk.fileName);
    if (other.length) return this.error(`the chat chunk imports ${other.join(', ')} besides the loader: fetch those ahead too (widget.ts chatChunk)`);
    const s = new MagicString(code);
    for (const m of code.matchAll(/__PARLEY_CHAT_FILE__/g)) s.overwrite(m.index, m.index + m[0].length, JSON.stringify(`./${chat.fileName}`));
    return { code: s.toString(), map: s.generateMap({ hires: true }) };
  },
});

const version = () => replace({ preventAssignment: true, values: { __PARLEY_VERSION__: JSON.stringify(VERSION) } });

// Name the lazy chunks after what they hold, so the size report reads well. (Rollup itself decides
// what goes where: code the loader already has is never duplicated into a lazy chunk.)
const chunkName = (prefix: string, hash: string) => (c: { moduleIds: readonly string[]; name: string }) => {
  const has = (id: string) => c.moduleIds.includes(id);
  // The ESM package keeps its entry's exports exact, so what entry and chat share gets a chunk: 'core'.
  const name = has(`${SRC}/session/index.ts`) ? 'chat' : has(`${SRC}/core/widget.ts`) ? 'core' : c.name;
  return `${prefix}${name}${hash}.js`;
};

/**
 * The embed's files carry no hash of their own: they sit in one folder named by the hash of them
 * all (10 hex digits), which the server caches for a year (static.ts) and widget.js names. A hash
 * per file name cost bytes in every file that imports another (~470 B brotli over the bundle, 170 B
 * for a chatting visitor), and made sizes move by ±50 B with each build's hashes; a file that
 * changes alone changed its importers' hashes anyway. After the write (closeBundle: rollup has
 * written every file and its .br/.gz), the staging folder is renamed and the size manifest's names
 * follow.
 */
const buildFolder = (): Plugin => ({
  name: 'parley-build-folder',
  closeBundle() {
    if (!existsSync(STAGE)) return;
    const hash = createHash('sha256');
    // The maps too: a map that changes alone must not be served from a year-long cache.
    for (const f of readdirSync(STAGE)
      .filter((n) => /\.js(\.map)?$/.test(n))
      .sort())
      hash.update(`${f}\0`).update(readFileSync(`${STAGE}/${f}`));
    const folder = hash.digest('hex').slice(0, 10);
    rmSync(`${DIST}/widget/${folder}`, { recursive: true, force: true });
    renameSync(STAGE, `${DIST}/widget/${folder}`);
    loaderFile = `widget/${folder}/loader.js`;
    const manifest = `${DIST}/size/widget.json`;
    if (existsSync(manifest)) writeFileSync(manifest, readFileSync(manifest, 'utf8').replaceAll('"widget/.build/', `"widget/${folder}/`));
  },
});

const esmOutput = (dir: string, names: Pick<OutputOptions, 'entryFileNames' | 'chunkFileNames'>): OutputOptions => ({
  dir,
  format: 'es',
  // Hex hashes (the npm package's chunks; the embed's files have none, see buildFolder).
  hashCharacters: 'hex',
  // No `//# sourceMappingURL` comment in every file (~30 B brotli each): the server names the map
  // in a `SourceMap` header instead (static.ts), which browsers' developer tools read the same way.
  sourcemap: 'hidden',
  ...names,
});

const options: RollupOptions[] = [
  {
    input: { loader: `${SRC}/embed/loader.ts` },
    // The loader entry may carry shared code itself: no extra facade file, one request less.
    preserveEntrySignatures: 'allow-extension',
    output: {
      ...esmOutput(STAGE, { entryFileNames: 'loader.js', chunkFileNames: chunkName('', '') }),
      // Every lazy chunk loads after the loader and the chat chunk: an `import "./loader-….js"` added
      // to fetch them early would only cost bytes.
      hoistTransitiveImports: false,
    },
    plugins: [
      keepRecentBuilds(`${DIST}/widget`),
      version(),
      chatFile(),
      ...browserPlugins({ pkg: 'widget', outDir: STAGE }),
      sizeManifest('widget', 'initial'),
      {
        name: 'parley-loader-modules',
        generateBundle() {
          loaderFile = null;
          loaderModules = [...this.getModuleIds()].filter((id) => id.startsWith(`${ROOT}/packages/`));
        },
      },
      buildFolder(),
    ],
  },
  {
    input: `${SRC}/embed/bootstrap.ts`,
    output: { file: `${DIST}/widget.js`, format: 'iife', sourcemap: 'hidden' },
    plugins: [
      {
        name: 'parley-watch-loader',
        buildStart() {
          if (WATCH) for (const id of loaderModules) this.addWatchFile(id);
        },
      },
      {
        // At render, not transform: under `npm run dev` rollup reuses bootstrap.ts's cached
        // transform (its source did not change), which would keep the previous build's folder.
        name: 'parley-loader-file',
        renderChunk(code) {
          if (!loaderFile) return this.error('widget.js needs the loader build to run first');
          const s = new MagicString(code);
          for (const m of code.matchAll(/__PARLEY_LOADER__/g)) s.overwrite(m.index, m.index + m[0].length, JSON.stringify(loaderFile));
          return { code: s.toString(), map: s.generateMap({ hires: true }) };
        },
      },
      ...browserPlugins({ pkg: 'widget' }),
      sizeManifest('widget', 'initial'),
    ],
  },
];

/** The npm package (not rebuilt by `npm run dev`). */
const npmPackage: RollupOptions[] = [
  {
    input: { index: `${SRC}/index.ts`, internal: `${SRC}/internal.ts` },
    output: { ...esmOutput(PKG_DIST, { entryFileNames: '[name].js', chunkFileNames: chunkName('chunks/', '-[hash]') }), sourcemap: false },
    // Bundled in (preact, protocol): one self-contained package,
    // no dependencies, no peer versions for the host app to line up. Left readable; the app's
    // bundler minifies.
    plugins: [clean(PKG_DIST), version(), ...browserPlugins({ pkg: 'widget', outDir: PKG_DIST, minify: false, precompress: false, sourcemap: false })],
  },
  {
    input: { index: `${SRC}/index.ts`, internal: `${SRC}/internal.ts` },
    output: { dir: PKG_DIST, format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
    plugins: [dtsPlugin(`${ROOT}/packages/widget/tsconfig.json`, true)],
  },
];

export default WATCH ? options : [...options, ...npmPackage];
