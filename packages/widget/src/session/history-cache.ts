import type { DialogPublic, Message } from '@parley/protocol';

/** The history cache of one identity, kept in IndexedDB (validated when read back: generated/validators.ts). */
export interface HistoryCache {
  dialog: DialogPublic | null;
  messages: Message[];
  seq: number;
  hasMore: boolean;
  lastReadSeq: number;
}
