import typescript from '@rollup/plugin-typescript';
import nodeResolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import type { Plugin, RollupOptions } from 'rollup';
import dts from 'rollup-plugin-dts';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import MagicString from 'magic-string';
import { terserOptions } from './terser-options';

export const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const DIST = `${ROOT}/dist`;
/**
 * `npm run dev` (rollup --watch): rebuilds skip minifying and precompressing (the server ignores
 * .br/.gz files older than their bundle) and the npm packages' builds, so a change shows quickly.
 */
export const WATCH = process.env.ROLLUP_WATCH === 'true';

/**
 * The plugins every browser bundle uses. One place for the TypeScript settings that differ from
 * the type-checking build (tsc -b): here we emit JS for rollup, with no declarations.
 */
export interface BrowserPluginOptions {
  /** The package whose bundle this is: TypeScript compiles its sources and those of the packages it imports, nothing else. */
  pkg: keyof typeof COMPILES;
  outDir?: string;
  minify?: boolean;
  declarations?: boolean;
  /** `.br`/`.gz` siblings for the server to send (not for npm packages). Default true. */
  precompress?: boolean;
  /** Must match the output's `sourcemap`. Default true. */
  sourcemap?: boolean;
}

/**
 * The sources each package's bundles compile. TypeScript's program (and its emit) is every root file
 * the include matches: with all packages in it, each of the ~15 bundles compiled the console and every
 * other package again (most of the build's minutes).
 */
const COMPILES = {
  widget: ['protocol', 'widget'],
  multiwidget: ['protocol', 'widget', 'multiwidget'],
  react: ['protocol', 'widget', 'react'],
  vue: ['protocol', 'widget', 'vue'],
  console: ['protocol', 'console'],
} as const;

export function browserPlugins(opts: BrowserPluginOptions): Plugin[] {
  const compiled: readonly string[] = COMPILES[opts.pkg];
  return [
    ourModulesPure(),
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    // parley-source: our packages' sources (their published exports point at built files).
    nodeResolve({ browser: true, exportConditions: ['parley-source'], extensions: ['.ts', '.tsx', '.mjs', '.js'] }),
    commonjs(),
    typescript({
      tsconfig: `${ROOT}/build/tsconfig.browser.json`,
      include: compiled.flatMap((p) => [`${ROOT}/packages/${p}/src/**/*.ts`, `${ROOT}/packages/${p}/src/**/*.tsx`]),
      exclude: ['**/*.test.ts', '**/*.test.tsx'],
      // tsc -b type-checks; here TypeScript only transpiles (a type error still fails tsc -b in npm test).
      noForceEmit: false,
      compilerOptions: {
        composite: false,
        declaration: opts.declarations ?? false,
        declarationMap: false,
        emitDeclarationOnly: false,
        noEmit: false,
        rootDir: `${ROOT}/packages`,
        outDir: opts.outDir ?? DIST,
        incremental: false,
        sourceMap: opts.sourcemap ?? true,
        target: 'ES2020',
      },
    }),
    pureSchemas(),
    ...(opts.minify === false || WATCH ? [] : [terser(terserOptions(opts.pkg))]),
    ...(opts.precompress === false || WATCH ? [] : [precompress()]),
  ];
}

/**
 * Our packages say `"sideEffects": false`, but node-resolve does not apply that to a workspace
 * package reached through a symlink; without this every module a bundle touches (the protocol's
 * operator API and server frames in the widget's loader, say) would ship. One setting for every
 * bundle; a part's own treeshake options are kept.
 */
const OUR_SOURCES = /\/packages\/(protocol|widget|multiwidget|react|vue|console)\/src\//;
export function ourModulesPure(): Plugin {
  return {
    name: 'parley-our-modules-pure',
    options(input) {
      if (input.treeshake === false) return null;
      const treeshake = typeof input.treeshake === 'object' ? input.treeshake : {};
      if (treeshake.moduleSideEffects !== undefined) return null;
      return { ...input, treeshake: { ...treeshake, moduleSideEffects: (id: string) => !OUR_SOURCES.test(id) } };
    },
  };
}

const PURE_BUILDERS = new Set([
  'object',
  'strictObject',
  'looseObject',
  'optional',
  'nullable',
  'nullish',
  'string',
  'number',
  'boolean',
  'literal',
  'picklist',
  'array',
  'record',
  'union',
  'variant',
  'pipe',
  'maxLength',
  'minLength',
  'length',
  'regex',
  'integer',
  'minValue',
  'maxValue',
  'trim',
  'toLowerCase',
  'email',
  'transform',
  'check',
  'partial',
  'omit',
  'pick',
  'tuple',
]);

/**
 * Schemas are built at module level (`const X = v.object({...})`), and rollup cannot prove such
 * calls free of side effects, so every schema of a protocol module a bundle touches would ship
 * even when unused (the widget carried the multiwidget's and the operator API's schemas).
 * Valibot's builders are pure: give each `v.<builder>(` call in our own sources rollup's pure
 * annotation (a `__PURE__` comment).
 * Only builders, never `safeParse`/`parse`, whose results callers may use for their throw alone.
 */
export function pureSchemas(): Plugin {
  return {
    name: 'parley-pure-schemas',
    transform(code, id) {
      if (!id.startsWith(`${ROOT}/packages/`) || id.includes('/node_modules/')) return null;
      if (!/import \* as v from ['"]valibot['"]/.test(code)) return null;
      const s = new MagicString(code);
      let changed = false;
      for (const m of code.matchAll(/(?<![\w$.])v\.([A-Za-z]+)\(/g)) {
        if (!PURE_BUILDERS.has(m[1]!)) continue;
        s.appendLeft(m.index, '/*#__PURE__*/');
        changed = true;
      }
      return changed ? { code: s.toString(), map: s.generateMap({ hires: true }) } : null;
    },
  };
}

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json)$/;

/**
 * Writes `<file>.br` and `<file>.gz` beside every text output, so the server sends the bytes the
 * size report promises (static.ts picks one by Accept-Encoding) without compressing per request.
 */
export function precompress(): Plugin {
  return {
    name: 'parley-precompress',
    async writeBundle(outputOptions, files) {
      const { writeFile, readFile } = await import('node:fs/promises');
      const path = await import('node:path');
      const { brotliCompressSync, gzipSync, constants } = await import('node:zlib');
      const outDir = outputOptions.dir ?? path.dirname(outputOptions.file ?? '');
      await Promise.all(
        Object.keys(files)
          .filter((name) => COMPRESSIBLE.test(name))
          .map(async (name) => {
            const full = path.join(outDir, name);
            const buf = await readFile(full);
            await writeFile(`${full}.br`, brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
            await writeFile(`${full}.gz`, gzipSync(buf, { level: 9 }));
          }),
      );
    },
  };
}

/**
 * Records which files of a bundle a host page loads up front ("initial": entries and what they
 * import statically) and which only on demand ("lazy": dynamic imports), in dist/size/<bundle>.json.
 * scripts/size.ts reads these to report "before interaction" and "complete" bytes.
 * Several builds may feed one bundle (e.g. an IIFE loader plus an ESM chat chunk): pass
 * role 'lazy' for a build whose entry is itself only loaded on demand.
 */
export function sizeManifest(bundle: string, role: 'initial' | 'lazy' = 'initial'): Plugin {
  return {
    name: 'parley-size-manifest',
    async writeBundle(outputOptions, files) {
      const { mkdir, readFile, writeFile } = await import('node:fs/promises');
      const path = await import('node:path');
      const outDir = outputOptions.dir ?? path.dirname(outputOptions.file ?? '');
      const chunks = Object.values(files).filter((f) => f.type === 'chunk');
      const initial = new Set<string>();
      const visit = (name: string) => {
        if (initial.has(name)) return;
        initial.add(name);
        const c = chunks.find((x) => x.fileName === name);
        for (const dep of c && c.type === 'chunk' ? c.imports : []) visit(dep);
      };
      if (role === 'initial') for (const c of chunks) if (c.isEntry) visit(c.fileName);
      const manifestFile = `${DIST}/size/${bundle}.json`;
      await mkdir(path.dirname(manifestFile), { recursive: true });
      let manifest: { initial: string[]; lazy: string[] } = { initial: [], lazy: [] };
      try {
        manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as typeof manifest;
      } catch {
        // first build of this bundle in this run
      }
      for (const c of chunks) {
        const rel = path.relative(DIST, path.join(outDir, c.fileName));
        const list = initial.has(c.fileName) ? manifest.initial : manifest.lazy;
        if (!list.includes(rel)) list.push(rel);
      }
      await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
    },
  };
}

/**
 * Removes the stale size manifests of the bundles this run rebuilds (rollup.config.ts calls it at
 * load), keeping those of bundles a partial build (PARLEY_ONLY) leaves alone.
 */
export function resetSizeManifests(bundles: readonly string[]): void {
  // Synchronous on purpose: it must finish before any build writes a manifest.
  for (const b of bundles) rmSync(`${DIST}/size/${b}.json`, { force: true });
}

/**
 * The npm build of a framework wrapper (packages/<name>/src/index.ts -> packages/<name>/dist/):
 * readable ES module and bundled .d.ts; the framework and @parley/widget stay imports (peer and
 * dependency), everything of its own is bundled.
 */
/**
 * rollup-plugin-dts for a package's bundled `.d.ts`. Our packages are mapped to their sources by path:
 * resolved through node_modules (the workspace links) TypeScript marks them as external libraries,
 * and the plugin then built a whole program (lib.dom included) for each of their files, which made
 * @parley/multiwidget's types take 100+ s of CPU instead of 17.
 */
export function dtsPlugin(tsconfig: string, respectExternal = false): Plugin {
  return dts({ tsconfig, respectExternal, compilerOptions: { paths: workspaceSources() } });
}

/** `@parley/x` and its subpaths → the source file its `parley-source` export (or its only export) names. */
function workspaceSources(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const dir of readdirSync(`${ROOT}/packages`)) {
    let pkg: { name?: string; exports?: Record<string, unknown> };
    try {
      pkg = JSON.parse(readFileSync(`${ROOT}/packages/${dir}/package.json`, 'utf8')) as typeof pkg;
    } catch {
      continue;
    }
    for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
      // Protocol (private, never published) exports its sources directly.
      const src = typeof target === 'string' ? target : (target as { 'parley-source'?: string } | null)?.['parley-source'];
      if (pkg.name && src) out[pkg.name + sub.slice(1)] = [`${ROOT}/packages/${dir}/${src.replace(/^\.\//, '')}`];
    }
  }
  return out;
}

export function wrapperPackage(name: 'react' | 'vue', external: readonly string[]): RollupOptions[] {
  if (WATCH) return [];
  const dir = `${ROOT}/packages/${name}`;
  const isExternal = (id: string) => external.some((e) => id === e || id.startsWith(`${e}/`));
  return [
    {
      input: { index: `${dir}/src/index.ts` },
      external: isExternal,
      output: { dir: `${dir}/dist`, format: 'es', entryFileNames: '[name].js', sourcemap: false },
      plugins: [
        { name: 'parley-clean-package', buildStart: () => rmSync(`${dir}/dist`, { recursive: true, force: true }) },
        ...browserPlugins({ pkg: name, outDir: `${dir}/dist`, minify: false, precompress: false, sourcemap: false }),
      ],
    },
    {
      input: `${dir}/src/index.ts`,
      external: isExternal,
      output: { file: `${dir}/dist/index.d.ts`, format: 'es' },
      plugins: [dtsPlugin(`${dir}/tsconfig.json`)],
    },
  ];
}
