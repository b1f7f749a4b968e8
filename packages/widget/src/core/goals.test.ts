import { describe, expect, it, vi } from 'vitest';
import { fireGoal } from './goals';

describe('fireGoal', () => {
  it('calls every adapter that is configured and present', () => {
    const win = { gtag: vi.fn(), ym: vi.fn(), dataLayer: [] as unknown[] };
    fireGoal(win, { gtag: 'chat_open', ym: { counter: 12345678, goal: 'chat_open' }, dataLayer: 'chat_open' });
    expect(win.gtag).toHaveBeenCalledWith('event', 'chat_open');
    expect(win.ym).toHaveBeenCalledWith(12345678, 'reachGoal', 'chat_open');
    expect(win.dataLayer).toEqual([{ event: 'chat_open' }]);
  });

  it('skips adapters whose global is missing and isolates a throwing one', () => {
    const ym = vi.fn();
    const win = {
      gtag: () => {
        throw new Error('broken counter');
      },
      ym,
    };
    expect(() => fireGoal(win, { gtag: 'a', ym: { counter: 1, goal: 'b' }, dataLayer: 'c' })).not.toThrow();
    expect(ym).toHaveBeenCalledWith(1, 'reachGoal', 'b');
  });

  it('does nothing for an event without goals', () => {
    const win = { gtag: vi.fn() };
    fireGoal(win, undefined);
    fireGoal(win, {});
    expect(win.gtag).not.toHaveBeenCalled();
  });
});
