import { describe, expect, it } from 'vitest';
import { contrastOn } from './dom';
import { contrast } from '../ui/readable';
import { readableOn } from '../ui/readable';

describe('contrastOn', () => {
  it.each([
    ['#2563eb', '#fff'],
    ['#000000', '#fff'],
    ['#ffffff', '#000'],
    ['#ffeb3b', '#000'],
    // White would be 3.3:1 on this green: black reads better (6.4:1).
    ['#16a34a', '#000'],
    ['#22c55e', '#000'],
    ['#b91c1c', '#fff'],
    ['nope', '#fff'],
  ])('%s -> %s', (hex, fg) => expect(contrastOn(hex)).toBe(fg));

  it('picks the same as comparing both WCAG contrasts, for every grey and a lattice of colours', () => {
    const hexes: string[] = [];
    for (let v = 0; v < 256; v++) hexes.push(`#${v.toString(16).padStart(2, '0').repeat(3)}`);
    for (let n = 0; n < 0xffffff; n += 0x030507) hexes.push(`#${n.toString(16).padStart(6, '0')}`);
    for (const hex of hexes) expect(contrastOn(hex), hex).toBe(contrast(hex, '#ffffff') >= contrast(hex, '#000000') ? '#fff' : '#000');
  });
});

describe('contrast and readableOn', () => {
  it('computes WCAG ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#2563eb', '#ffffff')).toBeCloseTo(5.17, 2);
  });

  it('keeps a dark enough accent, and darkens (or lightens on dark) one that is not', () => {
    expect(readableOn('#2563eb', '#ffffff')).toBe('#2563eb');
    for (const [accent, bg] of [
      ['#fde68a', '#ffffff'],
      ['#ffffff', '#ffffff'],
      ['#1e3a8a', '#1f2937'],
      ['#22c55e', '#ffffff'],
    ] as const) {
      const out = readableOn(accent, bg);
      expect(contrast(out, bg), `${accent} on ${bg} -> ${out}`).toBeGreaterThanOrEqual(4.5);
    }
    // Every accent gets a colour with enough contrast for text and rings, on either theme.
    for (let n = 0; n < 0xffffff; n += 0x0f0f0f) {
      const hex = `#${n.toString(16).padStart(6, '0')}`;
      expect(contrast(readableOn(hex, '#ffffff'), '#ffffff')).toBeGreaterThanOrEqual(4.5);
      expect(contrast(readableOn(hex, '#1f2937'), '#1f2937')).toBeGreaterThanOrEqual(4.5);
      expect(contrast(contrastOn(hex) === '#fff' ? '#ffffff' : '#000000', hex)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
