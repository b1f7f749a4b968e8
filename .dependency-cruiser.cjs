/**
 * The direction of every arrow in ARCHITECTURE.md, enforced. Run by test/architecture/deps.test.ts
 * (and `npm run lint:deps`).
 *   widget -> protocol; multiwidget -> widget, protocol; react, vue -> widget; server -> protocol;
 *   console -> protocol.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycles anywhere.', from: {}, to: { circular: true } },
    {
      name: 'protocol-imports-nothing-of-ours',
      severity: 'error',
      comment: 'protocol is the bottom layer: no other package of ours.',
      from: { path: '^packages/protocol/src' },
      to: { path: '^packages/(widget|multiwidget|react|vue|server|console)/' },
    },
    {
      name: 'protocol-is-pure',
      severity: 'error',
      comment: 'protocol runs in browsers and on the server: no Node built-ins.',
      from: { path: '^packages/protocol/src', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-never-imports-server',
      severity: 'error',
      comment: 'Nothing imports server code into a browser bundle.',
      from: { path: '^packages/(widget|multiwidget|react|vue|console)/src' },
      to: { path: '^packages/server/' },
    },
    {
      name: 'browser-no-node-builtins',
      severity: 'error',
      from: { path: '^packages/(widget|multiwidget|react|vue|console)/src', pathNot: '\\.test\\.tsx?$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'widget-only-protocol',
      severity: 'error',
      from: { path: '^packages/widget/src' },
      to: { path: '^packages/(multiwidget|react|vue|server|console)/' },
    },
    {
      name: 'multiwidget-only-widget-protocol',
      severity: 'error',
      from: { path: '^packages/multiwidget/src' },
      to: { path: '^packages/(react|vue|server|console)/' },
    },
    {
      name: 'wrappers-only-widget',
      severity: 'error',
      comment: 'The framework wrappers build on the widget alone (protocol reaches them through it).',
      from: { path: '^packages/(react|vue)/src' },
      // $1: the importing package itself.
      to: { path: '^packages/', pathNot: '^packages/($1|widget)/' },
    },
    {
      name: 'server-only-protocol',
      severity: 'error',
      from: { path: '^packages/server/src' },
      to: { path: '^packages/(widget|multiwidget|react|vue|console)/' },
    },
    {
      name: 'server-http-has-no-sql',
      severity: 'error',
      comment: 'Route handlers call services; SQL (Kysely) stays in storage/ and services/.',
      from: { path: '^packages/server/src/http/' },
      to: { path: '(^|/)node_modules/kysely/|^packages/server/src/storage/open' },
    },
    {
      name: 'console-only-protocol',
      severity: 'error',
      from: { path: '^packages/console/src' },
      to: { path: '^packages/(widget|multiwidget|react|vue|server)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Resolve workspace packages (node_modules/@parley/* symlinks) to their real source paths.
    preserveSymlinks: false,
    combinedDependencies: false,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.tests.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['parley-source', 'import', 'default'], extensions: ['.ts', '.tsx', '.js'] },
    exclude: { path: '(^|/)(node_modules|dist)/' },
  },
};
