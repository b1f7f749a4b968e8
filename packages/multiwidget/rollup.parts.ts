import { rmSync } from 'node:fs';
import type { Plugin, RollupOptions } from 'rollup';
import { browserPlugins, DIST, dtsPlugin, ROOT, sizeManifest, WATCH } from '../../build/rollup-common';

const SRC = `${ROOT}/packages/multiwidget/src`;
/** The npm package's build (package.json `exports` and `files`): the deep-link builders and channel rules. */
const PKG_DIST = `${ROOT}/packages/multiwidget/dist`;

// Our modules are pure at module level (build/rollup-common.ts ourModulesPure says so for every bundle).
/** For builds of our own vanilla code only: drops unused code even behind property reads. */
const treeshake = { propertyReadSideEffects: false };
/**
 * Builds with Preact and @preact/signals keep property reads: signals subscribe in getters, and a
 * read kept only for that effect must never be dropped.
 */
const treeshakeWithLibraries = {};

/** An ES module build under dist/multiwidget/, imported on demand by URL (entry names kept). */
function lazy(input: Record<string, string>, plugins: Plugin[] = [], shake: object = treeshake): RollupOptions {
  return {
    input,
    // 'hidden': no sourceMappingURL comment in each file; the server names the map in a SourceMap header.
    output: { dir: `${DIST}/multiwidget`, format: 'es', sourcemap: 'hidden', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    // The entries are imported by URL, so their exports must survive as written.
    preserveEntrySignatures: 'strict',
    treeshake: shake,
    plugins: [...plugins, ...browserPlugins({ pkg: 'multiwidget', outDir: `${DIST}/multiwidget` }), sizeManifest('multiwidget', 'lazy')],
  };
}

/**
 * dist/multiwidget.js: the one script a site adds (IIFE: config, the button, host-page hooks, the
 * global API). Everything else is an ES module under dist/multiwidget/, imported on demand by URL
 * from the script's own location: rules-page.js / rules-schedule.js before the button shows, only
 * for projects whose channels use page filters / working hours; panel.js (list, forms, goals) on
 * first open; the QR encoder when a QR code is shown; the chat (the widget's code) when chosen.
 */
const options: RollupOptions[] = [
  {
    input: `${SRC}/loader.ts`,
    output: { file: `${DIST}/multiwidget.js`, format: 'iife', sourcemap: 'hidden' },
    treeshake,
    plugins: [
      // The builds run in order and this one is first: no chunks of earlier builds linger.
      { name: 'parley-clean-multiwidget', buildStart: () => rmSync(`${DIST}/multiwidget`, { recursive: true, force: true }) },
      ...browserPlugins({ pkg: 'multiwidget' }),
      sizeManifest('multiwidget'),
    ],
  },
  // Each lazy part is a build of its own, so it shares no chunk with another part: the list does not
  // fetch the chat's protocol schemas on first open, a rule carries nothing but that rule. (Preact is
  // then in both the list and the chat: a few KB more in all, and much less on the first click.)
  lazy({ panel: `${SRC}/panel/index.tsx` }, [], treeshakeWithLibraries),
  lazy({ chat: `${SRC}/chat.ts`, adapter: `${SRC}/chat-adapter.ts` }, [], treeshakeWithLibraries),
  lazy({ 'rules-page': `${SRC}/rules-page.ts` }),
  lazy({ 'rules-schedule': `${SRC}/rules-schedule.ts` }),
];

/** The npm package: the deep-link builders and channel rules (not rebuilt by `npm run dev`). */
const npmPackage: RollupOptions[] = [
  {
    input: { index: `${SRC}/index.ts` },
    output: { dir: PKG_DIST, format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    treeshake,
    plugins: [
      { name: 'parley-clean-multiwidget-package', buildStart: () => rmSync(PKG_DIST, { recursive: true, force: true }) },
      ...browserPlugins({ pkg: 'multiwidget', outDir: PKG_DIST, minify: false, precompress: false, sourcemap: false }),
    ],
  },
  {
    input: `${SRC}/index.ts`,
    output: { file: `${PKG_DIST}/index.d.ts`, format: 'es' },
    plugins: [dtsPlugin(`${ROOT}/packages/multiwidget/tsconfig.json`, true)],
  },
];

export default WATCH ? options : [...options, ...npmPackage];
