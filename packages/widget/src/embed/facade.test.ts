import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch, type Registry } from './facade';
import type { Env } from '../core/widget';

// The facade's routing is tested with a stand-in window; the widget itself in the browser tests.
function env(): Env {
  const win = {
    location: { href: 'https://shop.example/' },
    navigator: { userAgent: 'test' },
    fetch: vi.fn(() => new Promise(() => undefined)),
    setTimeout,
    clearTimeout,
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
  } as unknown as Window & typeof globalThis;
  return { win, doc: { body: null, addEventListener: vi.fn() } as unknown as Document, defaults: { server: 'https://chat.example' } };
}

describe('dispatch', () => {
  afterEach(() => vi.restoreAllMocks());
  const reg = (): Registry => ({ widgets: new Map(), projects: new Map(), ids: new Map() });

  it('warns on unknown methods and bad first arguments, never throws', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const r = reg();
    expect(() => dispatch(r, env(), 'explode', [])).not.toThrow();
    expect(() => dispatch(r, env(), 42, [])).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[0])).toContain('unknown method "explode"');
    expect(r.widgets.size).toBe(0);
  });

  it("keeps the multiwidget's calls, in order, for multiwidget.js instead of warning", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const r = reg();
    const later: unknown[][] = [];
    const fn = () => undefined;
    expect(dispatch(r, env(), 'multiwidget.on', ['channel:click', fn], later)).toBeUndefined();
    dispatch(r, env(), 'multiwidget.open', [], later);
    expect(later).toEqual([['multiwidget.on', 'channel:click', fn], ['multiwidget.open']]);
    expect(warn).not.toHaveBeenCalled();
    expect(r.widgets.size).toBe(0);
  });

  it('routes name:method to a named widget and init with a name creates it', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const r = reg();
    const e = env();
    dispatch(r, e, 'setCustomParams', [{ a: 'b' }]);
    dispatch(r, e, 'init', [{ project: 'shop', name: 'support' }]);
    dispatch(r, e, 'support:hide', []);
    expect([...r.widgets.keys()]).toEqual(['default', 'support']);
    expect(r.projects.get('support')).toBe('shop');
    dispatch(r, e, 'support:destroy', []);
    expect([...r.widgets.keys()]).toEqual(['default']);
  });

  it('returns the unsubscribe function of on(), and a no-op for a bad event', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const r = reg();
    const off = dispatch(r, env(), 'on', ['open', () => undefined]);
    expect(typeof off).toBe('function');
    const bad = dispatch(r, env(), 'on', ['opened', () => undefined]);
    expect(typeof bad).toBe('function');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('turns a rejected promise into a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const r = reg();
    const p = dispatch(r, env(), 'identify', [{ id: 'no-signature' }]) as Promise<void>;
    await expect(p).rejects.toThrow('identify() needs { id, signature }');
    await Promise.resolve();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('identify() needs { id, signature }'));
  });
});
