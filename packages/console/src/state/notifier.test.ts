import { describe, expect, it, vi } from 'vitest';
import { OS } from '@parley/protocol';
import { createNotifier } from './notifier';

function fakeWindow(permission: NotificationPermission, visible = true, focused = true) {
  const shown: { title: string; body: string }[] = [];
  class FakeNotification extends EventTarget {
    static permission = permission;
    static requestPermission = vi.fn(async () => 'granted');
    constructor(title: string, opts: { body: string }) {
      super();
      shown.push({ title, body: opts.body });
    }
    close() {}
  }
  const w = Object.assign(new EventTarget(), {
    Notification: FakeNotification,
    document: { visibilityState: visible ? 'visible' : 'hidden', hasFocus: () => focused },
    focus: vi.fn(),
  });
  return { w: w as unknown as Window & typeof globalThis, shown, FakeNotification };
}
const frame = (dialogId: string) => ({ type: OS.Notification, reason: 'message' as const, dialogId, seq: 3, title: 'Visitor', body: 'Hello' });

describe('notifier', () => {
  it('shows a toast, a desktop notification and counts the dialog as unseen', () => {
    const { w, shown } = fakeWindow('granted');
    const n = createNotifier({ window: w, open: vi.fn(), activeDialog: () => null, storage: null });
    n.notify(frame('d1'));
    n.notify(frame('d1'));
    expect(n.toasts.value).toHaveLength(1);
    expect(shown).toEqual([
      { title: 'Visitor', body: 'Hello' },
      { title: 'Visitor', body: 'Hello' },
    ]);
    expect(n.count.value).toBe(1);
    n.seen('d1');
    expect(n.count.value).toBe(0);
    expect(n.toasts.value).toEqual([]);
    n.destroy();
  });

  it('skips the desktop notification for the dialog on screen and without permission', () => {
    const granted = fakeWindow('granted');
    const a = createNotifier({ window: granted.w, open: vi.fn(), activeDialog: () => 'd1', storage: null });
    a.notify(frame('d1'));
    expect(granted.shown).toEqual([]);
    expect(a.count.value).toBe(0);
    const denied = fakeWindow('denied');
    const b = createNotifier({ window: denied.w, open: vi.fn(), activeDialog: () => null, storage: null });
    b.notify(frame('d2'));
    expect(denied.shown).toEqual([]);
    expect(b.toasts.value).toHaveLength(1);
  });

  it('asks for permission only when told to (from a click)', async () => {
    const { w, FakeNotification } = fakeWindow('default');
    const n = createNotifier({ window: w, open: vi.fn(), activeDialog: () => null, storage: null });
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    await n.requestPermission();
    expect(n.permission.value).toBe('granted');
  });

  it('remembers the sound switch', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const { w } = fakeWindow('granted');
    createNotifier({ window: w, open: vi.fn(), activeDialog: () => null, storage }).setSound(false);
    expect(createNotifier({ window: w, open: vi.fn(), activeDialog: () => null, storage }).sound.value).toBe(false);
  });
});
