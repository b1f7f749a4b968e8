import type { RollupOptions } from 'rollup';
import typescript from '@rollup/plugin-typescript';
import nodeResolve from '@rollup/plugin-node-resolve';
import { rmSync } from 'node:fs';
import { ROOT } from '../../build/rollup-common';

const OUT = `${ROOT}/packages/server/dist`;
/**
 * Compiled in like protocol: Kysely's ~280 ES module files cost a server start (and each read worker's)
 * about 0.3 s of resolving and loading one by one; as part of our chunks they load in one file.
 */
const INLINED = /^kysely(\/|$)/;

/**
 * The server as plain JavaScript for production: `node packages/server/dist/main.js` (the `parley`
 * bin). Our protocol package is compiled in; every other package stays an import from
 * node_modules, so `npm ci --omit=dev` is all a deployment installs.
 */
const options: RollupOptions[] = [
  {
    // The read worker and the WAL checkpointer are entries of their own: worker threads load them by
    // file (storage/sqlite/read-pool.ts).
    input: {
      main: `${ROOT}/packages/server/src/main.ts`,
      'read-worker': `${ROOT}/packages/server/src/storage/sqlite/read-worker.ts`,
      'wal-checkpointer': `${ROOT}/packages/server/src/storage/sqlite/wal-checkpointer.ts`,
    },
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('@parley/') && !id.startsWith('\0') && !INLINED.test(id),
    output: { dir: OUT, format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    plugins: [
      {
        name: 'parley-clean-server-dist',
        buildStart() {
          rmSync(OUT, { recursive: true, force: true });
        },
      },
      nodeResolve({ preferBuiltins: true, extensions: ['.ts', '.mjs', '.js'], exportConditions: ['node'] }),
      typescript({
        tsconfig: `${ROOT}/build/tsconfig.node.json`,
        include: [`${ROOT}/packages/protocol/src/**/*.ts`, `${ROOT}/packages/server/src/**/*.ts`],
        exclude: ['**/*.test.ts'],
        noForceEmit: false,
        compilerOptions: { composite: false, declaration: false, noEmit: false, outDir: OUT, rootDir: `${ROOT}/packages`, incremental: false, sourceMap: true },
      }),
    ],
  },
];
export default options;
