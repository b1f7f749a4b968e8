/** Messages between tabs of the same site, per project. */
export type TabMessage =
  | { t: 'read'; who: string; dialogId: string; seq: number }
  /** The server gave this identity a new token (stored): use it from the next connection on. */
  | { t: 'token'; who: string };

export interface Tabs {
  post(msg: TabMessage): void;
  /** This tab plays the sound: it holds the project's lock (or is the visible tab where locks are missing). */
  leader(): boolean;
  destroy(): void;
}

interface LockManagerLike {
  request(name: string, cb: () => Promise<void>): Promise<unknown>;
}

/**
 * Tabs of one site share read marks and new tokens through a BroadcastChannel, so the unread count
 * is the same everywhere and every tab reconnects as the same visitor, and elect one tab with a
 * Web Lock to play the sound: the lock passes to another tab when its holder closes. No timers, no
 * storage polling.
 */
export function createTabs(win: Window, project: string, onMessage: (msg: TabMessage) => void): Tabs {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`parley:${project}`) : null;
  const handler = (e: MessageEvent) => {
    const m = e.data as { t?: unknown; who?: unknown; dialogId?: unknown; seq?: unknown } | null;
    if (!m || typeof m.who !== 'string') return;
    if (m.t === 'read' && typeof m.dialogId === 'string' && typeof m.seq === 'number') onMessage(m as TabMessage);
    else if (m.t === 'token') onMessage({ t: 'token', who: m.who });
  };
  channel?.addEventListener('message', handler);

  const locks = (win.navigator as { locks?: LockManagerLike }).locks;
  let held = false;
  let release: (() => void) | null = null;
  if (locks && typeof locks.request === 'function') {
    locks
      .request(`parley:${project}:sound`, () => {
        held = true;
        return new Promise<void>((r) => (release = r));
      })
      .catch(() => undefined);
  }

  return {
    post: (msg) => channel?.postMessage(msg),
    leader: () => (locks ? held : win.document.visibilityState === 'visible'),
    destroy() {
      channel?.removeEventListener('message', handler);
      channel?.close();
      held = false;
      release?.();
    },
  };
}
