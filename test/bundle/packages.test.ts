import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../packages/server/test/harness';
import { packAll, PUBLISHED, type Packed } from '../packages/pack';

const run = promisify(execFile);
const bin = (name: string) => join(REPO_ROOT, 'node_modules/.bin', name);

/** Runs a checker; resolves with its output and whether it passed (exit code 0). */
async function check(cmd: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
    return { ok: true, output: stdout + stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}${err.message}` };
  }
}

// Needs `npm run build` first (npm test does it): the packages ship only their dist/.
describe('the npm packages (npm pack of packages/widget, multiwidget, react, vue)', () => {
  let packed: Packed;
  beforeAll(async () => {
    packed = await packAll();
  }, 120_000);
  afterAll(() => packed?.remove());

  it.each(PUBLISHED)('@parley/%s ships built JavaScript with types, its README and LICENSE, nothing else', async (name) => {
    const files = packed.files[name];
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    const stray = files.filter((f) => !['package.json', 'README.md', 'LICENSE'].includes(f) && !/^dist\/.*\.(js|d\.ts)$/.test(f));
    expect(stray).toEqual([]);
    const { stdout } = await run('tar', ['-xOzf', packed.tarballs[name], 'package/package.json']);
    const pkg = JSON.parse(stdout) as { private?: boolean; dependencies?: Record<string, string>; license?: string };
    expect(pkg.private).toBeUndefined();
    expect(pkg.license).toBe('MIT');
    // Nothing unpublished: protocol is bundled in; only the widget (for the wrappers) is a dependency.
    expect(Object.keys(pkg.dependencies ?? {}).filter((d) => d !== '@parley/widget')).toEqual([]);
  });

  it.each(PUBLISHED)(
    '@parley/%s passes publint (strict) and are-the-types-wrong (ES modules only)',
    async (name) => {
      const lint = await check(bin('publint'), ['--strict', packed.tarballs[name]]);
      expect(lint.ok, lint.output).toBe(true);
      // ESM only on purpose: the node10 and CommonJS-require resolutions are not offered.
      const types = await check(bin('attw'), [packed.tarballs[name], '--profile', 'esm-only', '--format', 'ascii']);
      expect(types.ok, types.output).toBe(true);
    },
    60_000,
  );
});
