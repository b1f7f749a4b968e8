import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) =>
  JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as {
    version: string;
    workspaces?: string[];
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };

describe('one version for every package (CONTRIBUTING.md, Releases)', () => {
  it('every workspace has the root version, and depends on the others at exactly that version', () => {
    const root = read('package.json');
    const mismatched: string[] = [];
    for (const ws of root.workspaces ?? []) {
      const pkg = read(`${ws}/package.json`);
      if (pkg.version !== root.version) mismatched.push(`${ws}: ${pkg.version}`);
      for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
        if (name.startsWith('@parley/') && range !== root.version) mismatched.push(`${ws} -> ${name}@${range}`);
      }
    }
    expect(mismatched).toEqual([]);
  });
});
