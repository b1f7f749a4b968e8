import type { RollupOptions } from 'rollup';
import { browserPlugins, DIST, ROOT, sizeManifest } from '../../build/rollup-common';

// Placeholder until the console package is built out: the package's owner replaces this part.
const options: RollupOptions[] = [
  {
    input: `${ROOT}/packages/console/src/index.ts`,
    output: { file: `${DIST}/console-placeholder.js`, format: 'es', sourcemap: true },
    plugins: [...browserPlugins(), sizeManifest('console')],
  },
];
export default options;
