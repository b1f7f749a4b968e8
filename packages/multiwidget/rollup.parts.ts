import { rmSync } from 'node:fs';
import type { Plugin, RollupOptions } from 'rollup';
import { browserPlugins, DIST, ROOT, sizeManifest } from '../../build/rollup-common';
import widgetParts from '../widget/rollup.parts';

const SRC = `${ROOT}/packages/multiwidget/src`;

// protocol, the widget and this package are pure at module level (their package.json says so), and
// valibot marks its builders pure: whatever a bundle does not use is dropped, even behind property reads.
const treeshake = {
  propertyReadSideEffects: false,
  moduleSideEffects: (id: string) => !/\/packages\/(protocol|widget|multiwidget)\/src\//.test(id),
};

/**
 * The chat chunk bundles the widget's code, so it needs the widget's own build-time adaptation of
 * ua-parser-js (which would otherwise write onto the host page's jQuery). Taken from the widget's
 * build rather than copied, so there is one definition; a rename fails this build loudly.
 */
function widgetPlugin(name: string): Plugin {
  const found = widgetParts
    .flatMap((o) => (Array.isArray(o.plugins) ? o.plugins : []))
    .find((p): p is Plugin => !!p && typeof p === 'object' && 'name' in p && p.name === name);
  if (!found) throw new Error(`multiwidget build: the widget build has no "${name}" plugin`);
  return found;
}

/** An ES module build under dist/multiwidget/, imported on demand by URL (entry names kept). */
function lazy(input: Record<string, string>, plugins: Plugin[] = []): RollupOptions {
  return {
    input,
    output: { dir: `${DIST}/multiwidget`, format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    // The entries are imported by URL, so their exports must survive as written.
    preserveEntrySignatures: 'strict',
    treeshake,
    plugins: [...plugins, ...browserPlugins({ outDir: `${DIST}/multiwidget` }), sizeManifest('multiwidget', 'lazy')],
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
    output: { file: `${DIST}/multiwidget.js`, format: 'iife', sourcemap: true },
    treeshake,
    plugins: [
      // The builds run in order and this one is first: no chunks of earlier builds linger.
      { name: 'parley-clean-multiwidget', buildStart: () => rmSync(`${DIST}/multiwidget`, { recursive: true, force: true }) },
      ...browserPlugins(),
      sizeManifest('multiwidget'),
    ],
  },
  // Each lazy part is a build of its own, so it shares no chunk with another part: the list does not
  // fetch the chat's protocol schemas on first open, a rule carries nothing but that rule. (Preact is
  // then in both the list and the chat: a few KB more in all, and much less on the first click.)
  lazy({ panel: `${SRC}/panel/index.tsx` }),
  lazy({ chat: `${SRC}/chat.ts`, adapter: `${SRC}/chat-adapter.ts` }, [widgetPlugin('parley-adapt-ua-parser')]),
  lazy({ 'rules-page': `${SRC}/rules-page.ts` }),
  lazy({ 'rules-schedule': `${SRC}/rules-schedule.ts` }),
];
export default options;
