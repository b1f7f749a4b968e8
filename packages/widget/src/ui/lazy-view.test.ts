import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComponentType } from 'preact';
import { lazyView } from './lazy-view';
import { createUi, stopUi, type Props } from './store';

/** A window whose timers are only recorded: what is pending is what destroy() must remove. */
function fakeWin() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    pending,
    setTimeout: (fn: () => void) => (pending.set(next, fn), next++),
    clearTimeout: (id: number | undefined) => void pending.delete(id as number),
  };
}

function setup(load: () => Promise<{ View: ComponentType<Props>; css: string }>, moreTexts = () => Promise.resolve(true)) {
  const win = fakeWin();
  const adopt = vi.fn(() => () => undefined);
  const ui = createUi();
  const p = { ui, ctx: { win, host: { adopt } }, moreTexts } as unknown as Props['p'];
  const View = lazyView('rating', 'the rating', load) as (props: Props) => unknown;
  return { win, adopt, ui, render: () => View({ p }) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('lazyView', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows a view only once its texts (the second table) are there too; texts that failed are asked for again later', async () => {
    const View = () => null;
    const texts = vi.fn(() => Promise.resolve(false));
    const { win, ui, render } = setup(() => Promise.resolve({ View, css: '.r{}' }), texts);
    render();
    await settle();
    expect(texts).toHaveBeenCalledTimes(1);
    expect(ui.views.value.rating).toBeUndefined();
    expect(win.pending.size).toBe(1);
    texts.mockResolvedValue(true);
    for (const fn of win.pending.values()) fn();
    render();
    await settle();
    expect(texts).toHaveBeenCalledTimes(2);
    expect(ui.views.value.rating).toBe(View);
  });

  it('after a failed load, the retry timer is removed with the panel (stopUi)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { win, ui, render } = setup(() => Promise.reject(new Error('offline')));
    expect(render()).toBeNull();
    await settle();
    expect(win.pending.size).toBe(1);
    stopUi(ui, win);
    expect(win.pending.size).toBe(0);
    // A render while the panel goes asks for nothing more.
    render();
    await settle();
    expect(win.pending.size).toBe(0);
  });

  it('a chunk that arrives after the panel went adopts no styles', async () => {
    let arrive!: (m: { View: ComponentType<Props>; css: string }) => void;
    const { adopt, ui, win, render } = setup(() => new Promise((r) => (arrive = r)));
    render();
    stopUi(ui, win);
    arrive({ View: () => null, css: '.x{}' });
    await settle();
    expect(adopt).not.toHaveBeenCalled();
    expect(ui.views.peek()).toEqual({});
  });

  it('loads the view once and adopts its styles once', async () => {
    const View = () => null;
    const load = vi.fn(() => Promise.resolve({ View, css: '.x{}' }));
    const { adopt, ui, render } = setup(load);
    render();
    render();
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(adopt).toHaveBeenCalledTimes(1);
    expect(ui.views.peek().rating).toBe(View);
  });
});
