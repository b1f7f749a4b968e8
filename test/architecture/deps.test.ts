import { describe, it, expect } from 'vitest';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/** Every arrow of ARCHITECTURE.md, as [from, to] package folders. */
const ARROWS: [string, string][] = [
  ['widget', 'protocol'],
  ['multiwidget', 'widget'],
  ['multiwidget', 'protocol'],
  ['react', 'widget'],
  ['vue', 'widget'],
  ['server', 'protocol'],
  ['console', 'protocol'],
];

describe('dependency direction (ARCHITECTURE.md)', () => {
  it('has no cycles and every arrow points the documented way', async () => {
    process.chdir(ROOT);
    const config = require('../../.dependency-cruiser.cjs');
    const result = await cruise(['packages'], { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true });
    const output = result.output as ICruiseResult;
    const violations = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(violations).toEqual([]);
    // Against a vacuous pass (workspace links missing, a resolver that stops at node_modules): each
    // documented arrow must be at least one import the cruise resolved from source to source.
    const edges = (from: string, to: string) =>
      output.modules
        .filter((m) => m.source.startsWith(`packages/${from}/src/`))
        .flatMap((m) => m.dependencies.filter((d) => d.resolved.startsWith(`packages/${to}/src/`)).map((d) => `${m.source} -> ${d.resolved}`));
    const missing = ARROWS.filter(([from, to]) => edges(from, to).length === 0).map(([from, to]) => `${from} -> ${to}`);
    expect(missing).toEqual([]);
  }, 120_000); // one cruise of the whole tree: seconds on an idle machine, more on a busy one
});
