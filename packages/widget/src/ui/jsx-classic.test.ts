import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The widget's views use Preact's classic JSX (`h(type, props, ...children)`): shorter calls than the
 * automatic runtime's `jsx(type, { children })`, and no jsx-runtime module in the bundle. A view
 * without the pragmas would bring that module back, into a chunk every lazy view then imports.
 */
describe('JSX in the widget', () => {
  it('every .tsx file compiles with the classic runtime and `_h`', () => {
    const dir = new URL('.', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.tsx'));
    expect(files.length).toBeGreaterThan(20);
    const without = files.filter((f) => {
      const s = readFileSync(new URL(f, dir), 'utf8');
      return !(s.startsWith('/** @jsxRuntime classic */\n/** @jsx _h */\n') && /import \{ h as _h\b/.test(s));
    });
    expect(without).toEqual([]);
  });
});
