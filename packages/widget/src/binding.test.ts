import { describe, expect, it } from 'vitest';
import { createChatBinding, paramsPatch } from './binding';
import type { Widget, WidgetEventMap, WidgetEventName, WidgetOptions } from './types';

/** A widget that records its calls and lets the test fire its events. */
function fakeWidgets() {
  const made: { options: WidgetOptions; calls: unknown[][]; destroyed: boolean; fire<K extends WidgetEventName>(e: K, p: WidgetEventMap[K]): void }[] = [];
  const create = (options: WidgetOptions): Widget => {
    const listeners = new Map<string, Set<(p: unknown) => void>>();
    const rec = {
      options,
      calls: [] as unknown[][],
      destroyed: false,
      fire: (e: string, p: unknown) => {
        for (const fn of listeners.get(e) ?? []) fn(p);
      },
    };
    made.push(rec as (typeof made)[number]);
    const record =
      (name: string) =>
      (...args: unknown[]) => {
        rec.calls.push([name, ...args]);
      };
    const call =
      (name: string) =>
      (...args: unknown[]) => {
        record(name)(...args);
        return Promise.resolve();
      };
    return {
      init: call('init'),
      open: call('open'),
      close: record('close'),
      toggle: call('toggle'),
      show: record('show'),
      hide: record('hide'),
      identify: call('identify'),
      logout: call('logout'),
      setCustomParams: record('setCustomParams'),
      setLocale: record('setLocale'),
      setTexts: record('setTexts'),
      page: record('page'),
      event: record('event'),
      on: (e, fn) => {
        let set = listeners.get(e);
        if (!set) listeners.set(e, (set = new Set()));
        set.add(fn as (p: unknown) => void);
        return () => set.delete(fn as (p: unknown) => void);
      },
      off: () => undefined,
      destroy: () => {
        rec.destroyed = true;
        listeners.clear();
      },
    };
  };
  return { made, create };
}

describe('createChatBinding (the React and Vue wrappers)', () => {
  it('one widget after mount, unmount, mount (React StrictMode); unmount destroys it', () => {
    const { made, create } = fakeWidgets();
    const b = createChatBinding(create);
    b.mount({ project: 'demo', server: 'https://chat.example.com' });
    b.unmount();
    b.mount({ project: 'demo', server: 'https://chat.example.com' });
    expect(made.map((w) => w.destroyed)).toEqual([true, false]);
    expect(b.widget()).not.toBeNull();
    b.unmount();
    expect(made.every((w) => w.destroyed)).toBe(true);
    expect(b.widget()).toBeNull();
  });

  it('keeps state from the widget events and forwards them to listeners across remounts', () => {
    const { made, create } = fakeWidgets();
    const b = createChatBinding(create);
    const seen: unknown[] = [];
    b.on('message:received', (m) => seen.push(m.text));
    let changes = 0;
    b.subscribe(() => changes++);
    b.mount({ project: 'demo', server: 'https://x.example' });
    made[0]!.fire('ready', { mode: 'chat', visible: true });
    made[0]!.fire('unread', { count: 2 });
    made[0]!.fire('open', {});
    expect(b.getState()).toEqual({ ready: true, isOpen: true, unread: 2 });
    made[0]!.fire('message:received', { id: 'm1', dialogId: 'd1', text: 'hello', author: { kind: 'operator' } });
    b.mount({ project: 'other', server: 'https://x.example' });
    expect(b.getState()).toEqual({ ready: false, isOpen: false, unread: 0 });
    made[1]!.fire('message:received', { id: 'm2', dialogId: 'd2', text: 'again', author: { kind: 'operator' } });
    expect(seen).toEqual(['hello', 'again']);
    expect(changes).toBe(4);
  });

  it('runs open and event calls made before the widget exists once it does', async () => {
    const { made, create } = fakeWidgets();
    const b = createChatBinding(create);
    b.event('viewed_pricing', { plan: 'pro' });
    const opened = b.open();
    b.mount({ project: 'demo', server: 'https://x.example' });
    await opened;
    expect(made[0]!.calls).toEqual([['event', 'viewed_pricing', { plan: 'pro' }], ['open']]);
  });

  it('applies prop changes live: options, identity (null logs out) and custom params (removed keys go)', () => {
    const { made, create } = fakeWidgets();
    const b = createChatBinding(create);
    const identity = { id: 'u1', signature: 'ab' };
    b.mount({ project: 'demo', server: 'https://x.example', locale: 'en', customParams: { plan: 'pro', seats: 3 }, identity });
    expect(made[0]!.options).toEqual({ project: 'demo', server: 'https://x.example', locale: 'en' });
    expect(made[0]!.calls).toEqual([
      ['setCustomParams', { plan: 'pro', seats: 3 }],
      ['identify', identity],
    ]);
    made[0]!.calls.length = 0;
    // A re-render with equal (new) objects changes nothing.
    b.update({ project: 'demo', server: 'https://x.example', locale: 'en', customParams: { plan: 'pro', seats: 3 }, identity: { ...identity } });
    expect(made[0]!.calls).toEqual([]);
    b.update({ project: 'demo', server: 'https://x.example', locale: 'ru', customParams: { plan: 'team' }, identity: null });
    expect(made[0]!.calls).toEqual([['init', { locale: 'ru' }], ['setCustomParams', { seats: null, plan: 'team' }], ['logout']]);
    expect(made).toHaveLength(1);
    b.update({ project: 'demo', server: 'https://y.example', locale: 'ru' });
    expect(made).toHaveLength(2);
    expect(made[0]!.destroyed).toBe(true);
  });

  it('paramsPatch: what changed, and null for what went', () => {
    expect(paramsPatch({ a: '1', b: 2 }, { b: 2, c: true })).toEqual({ a: null, c: true });
    expect(paramsPatch({}, {})).toEqual({});
  });
});
