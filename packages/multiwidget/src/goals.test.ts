import { describe, it, expect } from 'vitest';
import { fireGoals } from './goals';

function analytics() {
  const calls: unknown[][] = [];
  const win = {
    gtag: (...a: unknown[]) => calls.push(['gtag', ...a]),
    ym: (...a: unknown[]) => calls.push(['ym', ...a]),
    dataLayer: [] as unknown[],
  };
  return { win, calls };
}

describe('fireGoals', () => {
  it('reports the event to every configured counter, {channel} filled in', () => {
    const { win, calls } = analytics();
    fireGoals(
      win,
      { 'channel:click': { gtag: 'contact_{channel}', ym: { counter: 42, goal: 'mw_{channel}' }, dataLayer: '{channel}_click' } },
      'channel:click',
      'telegram',
    );
    expect(calls).toEqual([
      ['gtag', 'event', 'contact_telegram'],
      ['ym', 42, 'reachGoal', 'mw_telegram'],
    ]);
    expect(win.dataLayer).toEqual([{ event: 'telegram_click' }]);
  });
  it('does nothing for events without goals, and survives a broken counter', () => {
    const { win, calls } = analytics();
    fireGoals(win, undefined, 'open');
    fireGoals(win, { open: { gtag: 'x' } }, 'channel:click', 'chat');
    expect(calls).toEqual([]);
    const broken = {
      ...win,
      gtag: () => {
        throw new Error('blocked');
      },
    };
    expect(() => fireGoals(broken, { open: { gtag: 'mw_open', ym: { counter: 1, goal: 'o' } } }, 'open')).not.toThrow();
    expect(calls).toEqual([['ym', 1, 'reachGoal', 'o']]);
  });
});
