import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// `npm test` names the projects it runs (vitest ORs several `!name` filters, so they cannot exclude two):
// a new project goes into package.json's test script too.
// Three kinds of test, each in its own project so `vitest run --project unit` stays fast:
// unit (next to the code), integration (a real server process + SQLite), browser (real Chromium
// against the built bundles; run `npm run build` first, which `npm test` does).
/**
 * Two groups, one after the other (vitest's `sequence.groupOrder`), each with its own worker count.
 * The integration files spend most of their time waiting on their server processes, PostgreSQL and
 * timers (a whole SQLite and PostgreSQL pass used about a third of the 2 cores at 2 workers), so
 * they run 4 at a time; the unit, bundle and browser files keep one per core (Chromium is busy).
 */
const INTEGRATION = { sequence: { groupOrder: 0 }, maxWorkers: 4 };
const REST = { sequence: { groupOrder: 1 }, maxWorkers: '100%' };

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // Our packages' sources (their published exports point at built files).
  resolve: { conditions: ['parley-source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['parley-source', ...defaultServerConditions] } },
  test: {
    // One test file per core, not vitest's default of cores - 1 (one file at a time on 2 cores): a
    // browser file spends much of its time waiting on Chromium, so the second core sat idle and the
    // suite ran past its 20 minutes. The integration group sets its own (INTEGRATION above).
    maxWorkers: '100%',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          ...REST,
          include: ['packages/*/src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'test/architecture/**/*.test.ts'],
          environment: 'node',
          // A few unit tests walk a year of time zones or many channel sets: seconds of CPU that a loaded
          // 2-core machine stretches past the 5 s default.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          ...INTEGRATION,
          include: ['packages/server/test/**/*.test.ts'],
          // PostgreSQL only (several nodes on one database): the integration-pg project runs them.
          exclude: ['packages/server/test/**/*.pg.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        // Every integration file again on PostgreSQL (issue 12: both stores, not a subset), with the
        // PostgreSQL-only files (several nodes on one database, a restarted database, two nodes on
        // Redis). One throwaway cluster for the run (pg-global-setup.ts), a database per server copied
        // from a migrated template.
        test: {
          name: 'integration-pg',
          ...INTEGRATION,
          include: ['packages/server/test/**/*.test.ts'],
          // `parley backup`/`restore` copy the SQLite file (PostgreSQL deployments use pg_dump).
          exclude: ['packages/server/test/backup.test.ts'],
          globalSetup: ['packages/server/test/pg-global-setup.ts'],
          env: { TEST_STORE: 'postgres' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        // Faults under load on several nodes (kill -9 of a node mid-burst): about a minute on 2
        // cores, so `npm run test:faults` only, not `npm test`. Files end in `.fault.ts`.
        test: {
          name: 'faults',
          include: ['packages/server/test/*.fault.ts'],
          globalSetup: ['packages/server/test/pg-global-setup.ts'],
          env: { TEST_STORE: 'postgres' },
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        // The deploy files' quick checks: the Dockerfile's shape, compose, systemd.
        test: { name: 'deploy', ...REST, include: ['test/deploy/deploy.test.ts'] },
      },
      {
        extends: true,
        // The Dockerfile's steps as plain commands (npm ci, build, npm ci --omit=dev in a copy of the
        // repository: minutes of CPU, and the npm registry or its cache). `npm run test:deploy` only:
        // `npm test` leaves it out so it does not compete with the browser tests for 2 cores.
        test: { name: 'deploy-build', include: ['test/deploy/build.test.ts'], testTimeout: 3_600_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        // Needs `npm run build` first, like the browser tests.
        test: { name: 'bundle', ...REST, include: ['test/bundle/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          ...REST,
          include: ['test/browser/**/*.test.ts', 'packages/*/test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // A page's first widget on a cold browser context can take over the 1 s default to appear.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
