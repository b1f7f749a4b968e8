import { describe, it, expect } from 'vitest';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

describe('dependency direction (ARCHITECTURE.md)', () => {
  it('has no cycles and every arrow points the documented way', async () => {
    process.chdir(ROOT);
    const config = require('../../.dependency-cruiser.cjs');
    const result = await cruise(['packages'], { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true });
    const output = result.output as ICruiseResult;
    const violations = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(violations).toEqual([]);
    // Guard against a vacuous pass: the cruise must actually see cross-package imports.
    const crossPackage = output.modules.some(
      (m) => m.source.startsWith('packages/server/src') && m.dependencies.some((d) => d.resolved.startsWith('packages/protocol/src')),
    );
    expect(crossPackage || output.modules.filter((m) => m.source.startsWith('packages/')).length > 0).toBe(true);
    // Parsing every source file takes a few seconds, more on a loaded machine.
  }, 60_000);
});
