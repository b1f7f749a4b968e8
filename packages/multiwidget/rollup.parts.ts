import type { RollupOptions } from 'rollup';
import { browserPlugins, DIST, ROOT, sizeManifest } from '../../build/rollup-common';

// Placeholder until the multiwidget package is built out: the package's owner replaces this part.
const options: RollupOptions[] = [
  {
    input: `${ROOT}/packages/multiwidget/src/index.ts`,
    output: { file: `${DIST}/multiwidget-placeholder.js`, format: 'es', sourcemap: true },
    plugins: [...browserPlugins(), sizeManifest('multiwidget')],
  },
];
export default options;
