import { describe, expect, it, vi } from 'vitest';
import { createEmitter } from './emitter';

describe('createEmitter', () => {
  it('calls listeners in order and unsubscribes through the returned function', () => {
    const e = createEmitter<{ a: number }>();
    const seen: string[] = [];
    const off1 = e.on('a', (n) => seen.push(`1:${n}`));
    e.on('a', (n) => seen.push(`2:${n}`));
    e.emit('a', 1);
    off1();
    e.emit('a', 2);
    expect(seen).toEqual(['1:1', '2:1', '2:2']);
  });

  it('keeps going when a listener throws, and reports the error', () => {
    const report = vi.fn();
    vi.stubGlobal('reportError', report);
    const e = createEmitter<{ a: number }>();
    const second = vi.fn();
    e.on('a', () => {
      throw new Error('boom');
    });
    e.on('a', second);
    expect(() => e.emit('a', 1)).not.toThrow();
    expect(second).toHaveBeenCalledWith(1);
    expect(report).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });

  it('off and clear remove listeners', () => {
    const e = createEmitter<{ a: number }>();
    const fn = vi.fn();
    e.on('a', fn);
    e.off('a', fn);
    e.emit('a', 1);
    e.on('a', fn);
    e.clear();
    e.emit('a', 1);
    expect(fn).not.toHaveBeenCalled();
  });
});
