import type { RollupOptions } from 'rollup';
import widget from './packages/widget/rollup.parts';
import multiwidget from './packages/multiwidget/rollup.parts';
import operatorConsole from './packages/console/rollup.parts';
import server from './packages/server/rollup.parts';
import { resetSizeManifests } from './build/rollup-common';

/**
 * Every browser bundle, and the server's production build (packages/server/dist/main.js). Each package owns its part (packages/<name>/rollup.parts.ts); shared plugin
 * settings live in build/rollup-common.ts. `PARLEY_ONLY=widget npm run build` builds one part.
 */
const parts: Record<string, RollupOptions[]> = { widget, multiwidget, console: operatorConsole, server };
const only = process.env.PARLEY_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const selected = Object.entries(parts).filter(([name]) => !only || only.includes(name));
resetSizeManifests(selected.map(([name]) => name).filter((name) => name !== 'server'));

export default selected.flatMap(([, options]) => options);
