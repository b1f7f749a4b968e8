import type { RollupOptions } from 'rollup';
import widget from './packages/widget/rollup.parts';
import multiwidget from './packages/multiwidget/rollup.parts';
import react from './packages/react/rollup.parts';
import vue from './packages/vue/rollup.parts';
import operatorConsole from './packages/console/rollup.parts';
import server from './packages/server/rollup.parts';
import { resetSizeManifests, WATCH } from './build/rollup-common';

/**
 * Every browser bundle, and the server's production build (packages/server/dist/main.js). Each package owns its part (packages/<name>/rollup.parts.ts); shared plugin
 * settings live in build/rollup-common.ts. `PARLEY_ONLY=widget npm run build` builds one part.
 */
// `npm run dev` runs the server from its sources (tsx watch): no production build of it there.
const parts: Record<string, RollupOptions[]> = { widget, multiwidget, react, vue, console: operatorConsole, ...(WATCH ? {} : { server }) };
const only = process.env.PARLEY_ONLY?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const selected = Object.entries(parts).filter(([name]) => !only?.length || only.includes(name));
resetSizeManifests(selected.map(([name]) => name).filter((name) => name !== 'server'));

export default selected.flatMap(([, options]) => options);
