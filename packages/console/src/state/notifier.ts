import { computed, signal } from '@preact/signals';
import type { OperatorServerFrameOf, OS } from '@parley/protocol';
import { playChime } from '../lib/chime';

export interface Toast {
  id: number;
  dialogId: string;
  title: string;
  body: string;
}

export interface NotifierDeps {
  window: Window & typeof globalThis;
  /** Open the dialog a notification is about (click on it). */
  open(dialogId: string): void;
  /** The dialog on screen right now, if any (no desktop notification while it is in view). */
  activeDialog(): string | null;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** How the console names the visitor of a notification (in its language). */
  name?(f: NotificationFrame): string;
  /** The operator's opt-ins for new unassigned chats (sound, tab title). */
  prefs?(): { newChatSound: boolean; newChatTitle: boolean } | undefined;
}

type NotificationFrame = OperatorServerFrameOf<typeof OS.Notification>;
const SOUND_KEY = 'parley.console.sound';
const MAX_TOASTS = 4;

/**
 * notification.new frames (the server sends them only to the operator concerned) become an
 * in-app toast, a desktop notification when permitted, a chime, and a count in the title.
 * Permission is asked only from a click (requestPermission), never on load.
 */
export function createNotifier(deps: NotifierDeps) {
  const w = deps.window;
  const supported = typeof w.Notification === 'function';
  const permission = signal<NotificationPermission | 'unsupported'>(supported ? w.Notification.permission : 'unsupported');
  const toasts = signal<Toast[]>([]);
  const unseen = signal<ReadonlySet<string>>(new Set());
  const sound = signal(readSound());
  const count = computed(() => unseen.value.size);
  /** The newest notification not yet looked at: the tab title names its visitor and first words. */
  const latest = signal<Toast | null>(null);
  let audio: AudioContext | null = null;
  let nextId = 1;
  let ringTimer: number | undefined;
  const shown = new Set<Notification>();

  function readSound(): boolean {
    try {
      return deps.storage?.getItem(SOUND_KEY) !== 'off';
    } catch {
      return true;
    }
  }

  // Browsers allow sound only after a gesture: make the AudioContext on the first one.
  const unlock = () => {
    if (audio || typeof w.AudioContext !== 'function') return;
    try {
      audio = new w.AudioContext();
    } catch {
      audio = null;
    }
  };
  w.addEventListener('pointerdown', unlock, true);
  w.addEventListener('keydown', unlock, true);

  function chime(): void {
    if (!sound.value || !audio) return;
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    playChime(audio);
  }

  function desktop(f: NotificationFrame): void {
    if (!supported || w.Notification.permission !== 'granted') return;
    if (w.document.visibilityState === 'visible' && w.document.hasFocus() && deps.activeDialog() === f.dialogId) return;
    try {
      const n = new w.Notification(f.title, { body: f.body, tag: `parley-${f.dialogId}` });
      shown.add(n);
      n.addEventListener('click', () => {
        w.focus();
        deps.open(f.dialogId);
        n.close();
      });
      n.addEventListener('close', () => shown.delete(n));
    } catch {
      // Some browsers only allow notifications from a service worker: the toast still shows.
    }
  }

  return {
    permission,
    toasts,
    unseen,
    count,
    latest,
    sound,
    notify(f: NotificationFrame): void {
      const title = deps.name?.(f) ?? f.title;
      const fresh = f.reason === 'new';
      const prefs = deps.prefs?.();
      // New unassigned chats: only what the operator opted into (the documents' default is silence).
      if (fresh && !prefs?.newChatSound && !prefs?.newChatTitle) return;
      const toast: Toast = { id: nextId++, dialogId: f.dialogId, title, body: f.body };
      toasts.value = [...toasts.value.filter((t) => t.dialogId !== f.dialogId), toast].slice(-MAX_TOASTS);
      if ((!fresh || prefs?.newChatTitle) && (deps.activeDialog() !== f.dialogId || w.document.visibilityState !== 'visible')) {
        unseen.value = new Set([...unseen.value, f.dialogId]);
        latest.value = toast;
      }
      if (!fresh || prefs?.newChatSound) chime();
      desktop({ ...f, title });
    },
    dismiss(id: number): void {
      toasts.value = toasts.value.filter((t) => t.id !== id);
    },
    /** The operator looked at the dialog: its notifications are no longer news. */
    seen(dialogId: string): void {
      if (unseen.value.has(dialogId)) {
        const next = new Set(unseen.value);
        next.delete(dialogId);
        unseen.value = next;
        if (latest.value?.dialogId === dialogId) latest.value = null;
      }
      if (toasts.value.some((t) => t.dialogId === dialogId)) toasts.value = toasts.value.filter((t) => t.dialogId !== dialogId);
    },
    /** A visitor's call rings: the chime every two seconds while it does (when sound is on), then silence. */
    ring(on: boolean): void {
      if (on && ringTimer === undefined) {
        chime();
        ringTimer = w.setInterval(chime, 2000);
      } else if (!on && ringTimer !== undefined) {
        w.clearInterval(ringTimer);
        ringTimer = undefined;
      }
    },
    /** Call from a click handler only. */
    async requestPermission(): Promise<void> {
      if (!supported) return;
      unlock();
      permission.value = await w.Notification.requestPermission();
    },
    setSound(on: boolean): void {
      sound.value = on;
      unlock();
      try {
        deps.storage?.setItem(SOUND_KEY, on ? 'on' : 'off');
      } catch {
        // kept for this session
      }
      if (on) chime();
    },
    destroy(): void {
      if (ringTimer !== undefined) w.clearInterval(ringTimer);
      w.removeEventListener('pointerdown', unlock, true);
      w.removeEventListener('keydown', unlock, true);
      for (const n of shown) n.close();
      shown.clear();
      void audio?.close().catch(() => undefined);
      audio = null;
    },
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
