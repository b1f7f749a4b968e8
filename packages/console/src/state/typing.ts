import { signal } from '@preact/signals';
import type { OperatorRef } from '@parley/protocol';

export interface TypingState {
  visitor: boolean;
  /** The visitor's draft, when the widget shares it. */
  draft: string | null;
  /** Other operators typing in this dialog. */
  operators: OperatorRef[];
}
const NONE: TypingState = { visitor: false, draft: null, operators: [] };
/** A typing flag with no update for this long is stale (its "stopped" frame was lost). */
const STALE_MS = 12_000;

/** Who is typing where, from typing.update frames; stale flags expire on their own. */
export function createTypingBoard(deps: { setTimeout(fn: () => void, ms: number): number; clearTimeout(id: number): void }) {
  const board = signal<ReadonlyMap<string, TypingState>>(new Map());
  const timers = new Map<string, number>();

  function set(dialogId: string, next: TypingState): void {
    const map = new Map(board.value);
    if (!next.visitor && next.operators.length === 0) map.delete(dialogId);
    else map.set(dialogId, next);
    board.value = map;
  }

  function expireLater(key: string, fn: () => void): void {
    const old = timers.get(key);
    if (old !== undefined) deps.clearTimeout(old);
    timers.set(
      key,
      deps.setTimeout(() => {
        timers.delete(key);
        fn();
      }, STALE_MS),
    );
  }

  function visitor(dialogId: string, typing: boolean, draft: string | null): void {
    const cur = board.value.get(dialogId) ?? NONE;
    set(dialogId, { ...cur, visitor: typing, draft: typing ? draft : null });
    if (typing) expireLater(`v:${dialogId}`, () => visitor(dialogId, false, null));
  }

  function operator(dialogId: string, op: OperatorRef, typing: boolean): void {
    const cur = board.value.get(dialogId) ?? NONE;
    const others = cur.operators.filter((o) => o.id !== op.id);
    set(dialogId, { ...cur, operators: typing ? [...others, op] : others });
    if (typing) expireLater(`o:${dialogId}:${op.id}`, () => operator(dialogId, op, false));
  }

  return {
    board,
    get: (dialogId: string): TypingState => board.value.get(dialogId) ?? NONE,
    visitor,
    operator,
    /** A message from the visitor ends their typing at once. */
    visitorSent(dialogId: string): void {
      if (board.value.get(dialogId)?.visitor) visitor(dialogId, false, null);
    },
    destroy(): void {
      for (const id of timers.values()) deps.clearTimeout(id);
      timers.clear();
    },
  };
}
export type TypingBoard = ReturnType<typeof createTypingBoard>;
