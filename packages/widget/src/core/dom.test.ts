import { describe, expect, it } from 'vitest';
import { contrastOn } from './dom';

describe('contrastOn', () => {
  it.each([
    ['#2563eb', '#fff'],
    ['#000000', '#fff'],
    ['#ffffff', '#000'],
    ['#ffeb3b', '#000'],
    ['#16a34a', '#fff'],
    ['#22c55e', '#000'],
    ['#b91c1c', '#fff'],
    ['nope', '#fff'],
  ])('%s -> %s', (hex, fg) => expect(contrastOn(hex)).toBe(fg));
});
