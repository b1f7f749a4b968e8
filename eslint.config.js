// @ts-check
/**
 * `npm run lint` (also part of `npm test`): typescript-eslint with type information on every
 * TypeScript file of the repo, then Prettier for formatting (prettier.config.js). Rules turned off
 * or softened below say why; everything else of the recommended type-checked sets applies.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'dist-server/**',
      'coverage/**',
      'data/**',
      // Apps built against the packed packages with their own toolchain (test/browser/packages.test.ts type-checks them).
      'test/packages/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig that builds it (packages/*/tsconfig.json, tsconfig.tests.json).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a binding kept on purpose (destructuring a field away, an unused parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Off: our models are `createX()` closures, never classes (ARCHITECTURE.md), so no method
      // depends on `this`; the rule flagged every `onClick={model.take}` and found no bug.
      '@typescript-eslint/unbound-method': 'off',
      // Off: every control-character regex here strips or refuses control characters on purpose
      // (file names, device strings, event names).
      'no-control-regex': 'off',
      // Off: `async` without `await` is how a promise-returning interface method is written when
      // the implementation happens to be synchronous (in-memory storage, test doubles). The rules
      // that catch lost promises (no-floating-promises, no-misused-promises) stay on.
      '@typescript-eslint/require-await': 'off',
      // JSX event handlers may return a promise: Preact ignores it, and ours never reject (the
      // console's useAction() catches and shows the error). Every other void-return check stays on.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Kysely's own advice: a migration types its database as Kysely<any>, since it must keep
    // working when today's schema types change.
    files: ['packages/server/src/storage/migrations.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read what crosses the wire as untyped JSON on purpose (the harness's responses and
    // frames are `any`): the assertions are the types. Type-aware checks on promises, awaits and
    // assertions still apply to them.
    files: ['**/*.test.ts', '**/*.test.tsx', 'packages/*/test/**', 'test/**', 'packages/*/bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Plain JavaScript config files: no type information to use.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
