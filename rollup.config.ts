import type { RollupOptions } from 'rollup';
import widget from './packages/widget/rollup.parts';
import multiwidget from './packages/multiwidget/rollup.parts';
import react from './packages/react/rollup.parts';
import vue from './packages/vue/rollup.parts';
import operatorConsole from './packages/console/rollup.parts';
import { resetSizeManifests } from './build/rollup-common';

/**
 * Every browser bundle. Each package owns its part (packages/<name>/rollup.parts.ts); shared plugin
 * settings live in build/rollup-common.ts. `PARLEY_ONLY=widget npm run build` builds one part.
 */
const parts: Record<string, RollupOptions[]> = { widget, multiwidget, react, vue, console: operatorConsole };
const only = process.env.PARLEY_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const selected = Object.entries(parts).filter(([name]) => !only || only.includes(name));
resetSizeManifests(selected.map(([name]) => name));

export default selected.flatMap(([, options]) => options);
