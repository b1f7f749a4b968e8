import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// `npm test` names the projects it runs (vitest ORs several `!name` filters, so they cannot exclude two):
// a new project goes into package.json's test script too.
// Three kinds of test, each in its own project so `vitest run --project unit` stays fast:
// unit (next to the code), integration (a real server process + SQLite), browser (real Chromium
// against the built bundles; run `npm run build` first, which `npm test` does).
/** The integration files `npm test` also runs on PostgreSQL (`npm run test:pg` runs all of them there). */
const PG_CORE = [
  '*.pg.test.ts',
  'search.test.ts',
  'server-core.test.ts',
  'stats.test.ts',
  'stats-rollup.test.ts',
  'webhooks.test.ts',
  'alerts.test.ts',
  'retention.test.ts',
  'erase-export.test.ts',
  'verified.test.ts',
  // Issue 19: the knowledge base's ranked search (tsvector on PostgreSQL) and requests.
  'help.test.ts',
  'requests.test.ts',
  // The visitor's paths: delivery and resume, anonymous dialogs, events, uploads, pre-chat, calls.
  'delivery.test.ts',
  'anonymous.test.ts',
  'visitor-events.test.ts',
  'uploads.test.ts',
  'prechat.test.ts',
  'calls.test.ts',
];

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // Our packages' sources (their published exports point at built files).
  resolve: { conditions: ['parley-source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['parley-source', ...defaultServerConditions] } },
  test: {
    // One test file per core, not vitest's default of cores - 1 (one file at a time on 2 cores): an
    // integration or browser file spends most of its time waiting on its server process or Chromium,
    // so the second core sat idle and the suite ran past its 20 minutes.
    maxWorkers: '100%',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
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
          include: ['packages/server/test/**/*.test.ts'],
          // PostgreSQL only (several nodes on one database): the integration-pg project runs them.
          exclude: ['packages/server/test/**/*.pg.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        // On PostgreSQL in every `npm test`: the PostgreSQL-only files (several nodes on one database,
        // a restarted database, two nodes on Redis) and the files that run the most SQL of their own
        // (search, the write path, statistics, webhooks, alerts, retention, export and erasure).
        // One throwaway cluster for the run (pg-global-setup.ts), a database per server copied from a
        // migrated template.
        test: {
          name: 'integration-pg',
          include: PG_CORE.map((f) => `packages/server/test/${f}`),
          globalSetup: ['packages/server/test/pg-global-setup.ts'],
          env: { TEST_STORE: 'postgres' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        // Every integration file on PostgreSQL: `npm run test:pg` only. All of it in `npm test` added
        // about 170 s to the suite (22.6 minutes in all on 2 cores), so `npm test` runs PG_CORE.
        test: {
          name: 'integration-pg-all',
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
        test: { name: 'deploy', include: ['test/deploy/deploy.test.ts'] },
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
        test: { name: 'bundle', include: ['test/bundle/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
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
