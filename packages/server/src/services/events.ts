import type { EventRow } from '../storage/rows';

export interface NewEvent {
  type: string;
  payload: object;
  messageId?: string;
}

/**
 * The rows of events appended to a dialog whose last_seq is now `lastSeq` (the write reserved
 * `list.length` numbers with one atomic `last_seq = last_seq + n`, so seqs are contiguous and
 * unique; the (dialog_id, seq) primary key backs that up).
 */
export function eventRows(dialogId: string, lastSeq: number, list: readonly NewEvent[], at: number): EventRow[] {
  const first = lastSeq - list.length + 1;
  return list.map((e, i) => ({
    dialog_id: dialogId,
    seq: first + i,
    type: e.type,
    payload: JSON.stringify(e.payload),
    message_id: e.messageId ?? null,
    created_at: at,
  }));
}
