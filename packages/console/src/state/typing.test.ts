import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTypingBoard } from './typing';

afterEach(() => {
  vi.useRealTimers();
});

describe('typing board', () => {
  it('keeps the visitor draft while typing and forgets stale flags', () => {
    vi.useFakeTimers();
    const board = createTypingBoard({ setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as number, clearTimeout: (id) => clearTimeout(id) });
    board.visitor('d1', true, 'hel');
    expect(board.get('d1')).toEqual({ visitor: true, draft: 'hel', operators: [] });
    board.operator('d1', { id: 'op2', name: 'Anna' }, true);
    expect(board.get('d1').operators).toEqual([{ id: 'op2', name: 'Anna' }]);
    board.visitorSent('d1');
    expect(board.get('d1').visitor).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(board.board.value.has('d1')).toBe(false);
    board.destroy();
  });
});
