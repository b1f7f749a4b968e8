import { signal, type ReadonlySignal } from '../core/signals';
import type { AttachmentKind, OfflineFormSubmission, PreChatSubmission, VisitorEventProps } from '@parley/protocol';
import type { Storage } from '../core/storage';

export interface AttachmentRef {
  id: string;
  name: string;
  size: number;
  mime: string;
  kind: AttachmentKind;
}

/** Everything the visitor sends waits here, in order, until the server acknowledges it by clientId. */
export type OutboxItem =
  /** `subject` (even '') starts a new request with it (issue 19). */
  | { kind: 'message'; clientId: string; text: string; attachments: AttachmentRef[]; at: number; subject?: string }
  | { kind: 'form'; clientId: string; form: Omit<OfflineFormSubmission, 'clientId'>; at: number }
  | { kind: 'rating'; clientId: string; dialogId: string; score: number; comment?: string; at: number }
  | { kind: 'prechat'; clientId: string; form: Omit<PreChatSubmission, 'clientId'>; at: number }
  /** A developer event (`parley('event', …)`): sent with the rest, in order; the server records it once. */
  | { kind: 'event'; clientId: string; name: string; props?: VisitorEventProps; at: number };

export interface Outbox {
  items: ReadonlySignal<OutboxItem[]>;
  /** Reloads from storage: items other tabs or an earlier page left behind. */
  load(): Promise<OutboxItem[]>;
  add(item: OutboxItem): Promise<void>;
  remove(clientId: string): Promise<void>;
  /**
   * Points the outbox at another identity's storage key (and forgets what was on screen); `null`:
   * memory only, for an identity the server has not verified yet (nothing is read or written).
   */
  use(key: string | null): Promise<OutboxItem[]>;
}

const isItem = (x: unknown): x is OutboxItem =>
  !!x &&
  typeof x === 'object' &&
  typeof (x as OutboxItem).clientId === 'string' &&
  ['message', 'form', 'rating', 'prechat', 'event'].includes((x as OutboxItem).kind);

/**
 * The persistent outbox. Every change is one atomic storage update, queued after the previous one,
 * so a tab never loses another tab's items and a write never overtakes an earlier one.
 */
export function createOutbox(storage: Storage, initialKey: string | null): Outbox {
  const items = signal<OutboxItem[]>([]);
  let key = initialKey;
  let chain: Promise<unknown> = Promise.resolve();
  const queue = <T>(op: () => Promise<T>): Promise<T> => {
    const p = chain.then(op, op);
    chain = p.catch(() => undefined);
    return p;
  };
  const read = async (k: string | null): Promise<OutboxItem[]> => (k === null ? [] : clean(await storage.get<unknown>(k)));
  const clean = (old: unknown): OutboxItem[] => (Array.isArray(old) ? old.filter(isItem) : []);
  const merge = (stored: OutboxItem[]) => {
    // Keep local items not yet persisted (an add still queued) after the stored ones.
    const known = new Set(stored.map((i) => i.clientId));
    items.value = [...stored, ...items.value.filter((i) => !known.has(i.clientId))];
    return items.value;
  };
  return {
    items,
    load: () => queue(async () => merge(await read(key))),
    add(item) {
      items.value = [...items.value.filter((i) => i.clientId !== item.clientId), item];
      const k = key;
      if (k === null) return Promise.resolve();
      return queue(() => storage.update<OutboxItem[]>(k, (old) => [...clean(old).filter((i) => i.clientId !== item.clientId), item]));
    },
    remove(clientId) {
      items.value = items.value.filter((i) => i.clientId !== clientId);
      const k = key;
      if (k === null) return Promise.resolve();
      return queue(() => storage.update<OutboxItem[]>(k, (old) => clean(old).filter((i) => i.clientId !== clientId)));
    },
    use(next) {
      key = next;
      items.value = [];
      return queue(async () => (key === next ? merge(await read(next)) : items.value));
    },
  };
}
