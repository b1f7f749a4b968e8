import type { Plugin, RollupOptions } from 'rollup';
import { readFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { browserPlugins, DIST, ROOT, sizeManifest } from '../../build/rollup-common';

const STATIC = `${ROOT}/packages/console/static`;

/** Copies the console's page and stylesheet next to the bundle (dist/console/), as build assets. */
function consoleAssets(files: readonly string[]): Plugin {
  return {
    name: 'parley-console-assets',
    buildStart() {
      // Chunk names carry content hashes: start from an empty directory so old ones do not pile up.
      rmSync(`${DIST}/console`, { recursive: true, force: true });
    },
    async generateBundle() {
      for (const fileName of files) {
        this.addWatchFile(`${STATIC}/${fileName}`);
        this.emitFile({ type: 'asset', fileName, source: await readFile(`${STATIC}/${fileName}`) });
      }
    },
  };
}

/**
 * The operator console: an ES module app in dist/console/, served by the server at /console.
 * Settings screens are a separate chunk loaded when an admin opens them.
 */
const options: RollupOptions[] = [
  {
    input: { console: `${ROOT}/packages/console/src/index.ts` },
    // Nothing imports the entry: let shared code live in console.js instead of an extra chunk.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: `${DIST}/console`,
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
    },
    plugins: [...browserPlugins({ pkg: 'console', outDir: `${DIST}/console` }), consoleAssets(['index.html', 'console.css']), sizeManifest('console')],
  },
];
export default options;
