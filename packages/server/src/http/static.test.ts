import { describe, expect, it } from 'vitest';
import { isHashedName } from './static';

describe('isHashedName', () => {
  it.each(['chunk-abc123.js', 'widget.3f9a1c2e.js', 'chunk-B4x9_k2Q.js', 'chunk-abc123.js.map', 'style-9f8e7d6c.css'])('%s is immutable', (n) => {
    expect(isHashedName(n)).toBe(true);
  });
  it.each(['widget.js', 'multiwidget.js', 'widget-esm.js', 'console-helpers.js', 'index.html', 'widget.js.map'])('%s is not', (n) => {
    expect(isHashedName(n)).toBe(false);
  });
});
