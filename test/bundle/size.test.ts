import { describe, it, expect } from 'vitest';
import { sizeReport, type BundleReport } from '../../scripts/size';

// Sizes are deterministic for a given source, so budgets are tests. Figures in KB of brotli.
const KB = 1024;
const BUDGETS: Record<string, { complete?: number; initial?: number }> = {
  // Issue 2: the complete widget must never pass 40 KB brotli.
  widget: { complete: 40 * KB },
};

describe('bundle sizes', () => {
  const reports = new Map<string, BundleReport>(sizeReport().map((r) => [r.bundle, r]));

  it('reports the widget, the multiwidget and the console', () => {
    expect([...reports.keys()].sort()).toEqual(['console', 'multiwidget', 'widget']);
  });

  for (const [bundle, budget] of Object.entries(BUDGETS)) {
    it(`${bundle} stays within its brotli budget`, () => {
      const r = reports.get(bundle);
      expect(r, `no size manifest for ${bundle}`).toBeDefined();
      if (!r) return;
      if (budget.complete !== undefined) expect(r.complete.brotli).toBeLessThanOrEqual(budget.complete);
      if (budget.initial !== undefined) expect(r.initial.brotli).toBeLessThanOrEqual(budget.initial);
      expect(r.complete.brotli).toBeGreaterThan(0);
    });
  }
});
