/**
 * The npm packages as users get them: `npm pack` of each published workspace (after `npm run
 * build`), and a throwaway project that installs the tarballs like an app would.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../packages/server/test/harness';

const run = promisify(execFile);

/** The workspaces published to npm, by folder under packages/. */
export const PUBLISHED = ['widget', 'multiwidget', 'react', 'vue'] as const;
export type Published = (typeof PUBLISHED)[number];

export interface Packed {
  /** Absolute path of each tarball. */
  tarballs: Record<Published, string>;
  /** Files in each tarball (paths inside the package). */
  files: Record<Published, string[]>;
  dir: string;
  remove(): void;
}

/** `npm pack` of every published package into a temporary folder (one npm call). */
export async function packAll(): Promise<Packed> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-pack-'));
  const args = ['pack', '--json', '--pack-destination', dir, ...PUBLISHED.flatMap((p) => ['-w', `packages/${p}`])];
  const { stdout } = await run('npm', args, { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
  const out = JSON.parse(stdout) as { name: string; filename: string; files: { path: string }[] }[];
  const tarballs = {} as Record<Published, string>;
  const files = {} as Record<Published, string[]>;
  for (const p of PUBLISHED) {
    const entry = out.find((e) => e.name === `@parley/${p}`);
    if (!entry) throw new Error(`npm pack made no tarball for @parley/${p}`);
    tarballs[p] = join(dir, entry.filename);
    files[p] = entry.files.map((f) => f.path).sort();
  }
  return { tarballs, files, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The version the repo's lockfile installs of a package, so a fixture install finds it in npm's cache. */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const v = lock.packages[`node_modules/${name}`]?.version;
  if (!v) throw new Error(`${name} is not in package-lock.json`);
  return v;
}

/**
 * A project folder with the fixture apps (test/packages/fixtures/<app>/ copied to <dir>/<app>/) and
 * one node_modules for all of them: the tarballs plus the apps' own dependencies at the versions the
 * repo's lockfile has (npm's cache holds them after the repo's install, so this works offline).
 */
export async function installFixtures(packed: Packed, apps: readonly string[], deps: readonly string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-fixtures-'));
  for (const app of apps) {
    mkdirSync(join(dir, app));
    cpSync(join(REPO_ROOT, 'test/packages/fixtures', app), join(dir, app), { recursive: true });
  }
  const dependencies: Record<string, string> = {};
  for (const p of PUBLISHED) dependencies[`@parley/${p}`] = `file:${packed.tarballs[p]}`;
  for (const d of deps) dependencies[d] = lockedVersion(d);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'parley-fixtures', private: true, type: 'module', dependencies }, null, 2));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: dir, maxBuffer: 16 << 20 });
  return dir;
}

/** Runs a tool of the fixture project (node_modules/.bin) in one app's folder; rejects with its output. */
export async function tool(dir: string, app: string, bin: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout, stderr } = await run(join(dir, 'node_modules/.bin', bin), args, {
      cwd: join(dir, app),
      env: { ...process.env, ...env },
      maxBuffer: 16 << 20,
    });
    return stdout + stderr;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${app}: ${bin} ${args.join(' ')} failed:\n${err.stdout ?? ''}${err.stderr ?? ''}${err.message}`, { cause: e });
  }
}
