import { describe, expect, it } from 'vitest';
import { S, type DialogEvent, type Message } from '@parley/protocol';
import { applyEvent, applyHistory, applyWelcome, EMPTY_VIEW, trimView, unreadCount, type DialogView } from './dialog-view';

const msg = (seq: number, kind: 'visitor' | 'operator' | 'system' = 'operator', id = `m${seq}`): Message => ({
  id,
  dialogId: 'd1',
  seq,
  author: kind === 'operator' ? { kind, id: 'o1', name: 'Анна' } : { kind },
  text: `text ${seq}`,
  attachments: [],
  createdAt: 1_700_000_000_000 + seq,
});
const dialog = { id: 'd1', status: 'open' as const, createdAt: 1, operator: null };
const view = (seq: number, messages: Message[] = []): DialogView => ({ dialog, messages, seq, hasMore: false });
const apply = (v: DialogView, ev: DialogEvent) => {
  const r = applyEvent(v, ev);
  if (r.kind !== 'applied') throw new Error(r.kind);
  return r.view;
};

describe('applyEvent', () => {
  it('applies events in order and reports replays and holes', () => {
    let v = view(1);
    v = apply(v, { type: S.MessageNew, dialogId: 'd1', seq: 2, message: msg(2) });
    expect(v.seq).toBe(2);
    expect(applyEvent(v, { type: S.MessageNew, dialogId: 'd1', seq: 2, message: msg(2) })).toEqual({ kind: 'stale' });
    expect(applyEvent(v, { type: S.MessageNew, dialogId: 'd1', seq: 4, message: msg(4) })).toEqual({ kind: 'gap' });
  });

  it('edits and deletes messages live', () => {
    let v = view(2, [msg(2)]);
    v = apply(v, { type: S.MessageEdited, dialogId: 'd1', seq: 3, messageId: 'm2', text: 'fixed', editedAt: 5 });
    expect(v.messages[0]).toMatchObject({ text: 'fixed', editedAt: 5 });
    v = apply(v, { type: S.MessageDeleted, dialogId: 'd1', seq: 4, messageId: 'm2', deletedAt: 6 });
    expect(v.messages[0]).toMatchObject({ text: '', attachments: [], deletedAt: 6 });
  });

  it('tracks status, operator and rating of the dialog', () => {
    let v = view(1);
    v = apply(v, { type: S.DialogAssigned, dialogId: 'd1', seq: 2, at: 1, operator: { id: 'o1', name: 'Анна', avatarUrl: null } });
    expect(v.dialog?.operator?.name).toBe('Анна');
    v = apply(v, { type: S.DialogClosed, dialogId: 'd1', seq: 3, at: 9 });
    expect(v.dialog).toMatchObject({ status: 'closed', closedAt: 9 });
    v = apply(v, { type: S.DialogRated, dialogId: 'd1', seq: 4, at: 10, score: 5, comment: 'great' });
    expect(v.dialog?.rating).toEqual({ score: 5, comment: 'great' });
    v = apply(v, { type: S.DialogOpened, dialogId: 'd1', seq: 5, at: 11, reopened: true });
    expect(v.dialog).toMatchObject({ status: 'open' });
    expect(v.dialog?.closedAt).toBeUndefined();
    expect(v.dialog?.rating).toBeUndefined();
  });

  it('starts a new dialog from its first event only when there is none open', () => {
    const first: DialogEvent = { type: S.DialogOpened, dialogId: 'd2', seq: 1, at: 50, reopened: false };
    const fresh = apply(EMPTY_VIEW, first);
    expect(fresh).toMatchObject({ dialog: { id: 'd2', status: 'open', createdAt: 50 }, seq: 1, messages: [] });
    const closed = { ...view(3, [msg(2)]), dialog: { ...dialog, status: 'closed' as const } };
    expect(apply(closed, first).messages).toEqual([]);
    expect(applyEvent(view(3), first)).toEqual({ kind: 'gap' });
    expect(applyEvent(EMPTY_VIEW, { ...first, seq: 2 })).toEqual({ kind: 'gap' });
  });
});

describe('applyWelcome', () => {
  it('keeps cached messages for a gap on the same dialog and resets for another', () => {
    const cached = view(5, [msg(5)]);
    expect(applyWelcome(cached, { dialog: { ...dialog, status: 'closed' }, sync: 'gap', cursor: 8 })).toMatchObject({
      seq: 5,
      messages: [msg(5)],
      dialog: { status: 'closed' },
    });
    expect(applyWelcome(cached, { dialog: { ...dialog, id: 'd9' }, sync: 'snapshot', cursor: 3 })).toMatchObject({ seq: 0, messages: [] });
    expect(applyWelcome(cached, { dialog: null, sync: 'none', cursor: 0 })).toEqual(EMPTY_VIEW);
  });
});

describe('applyHistory', () => {
  it('replaces on a snapshot and prepends older pages', () => {
    const snap = applyHistory(EMPTY_VIEW, { type: S.History, dialogId: 'd1', dialog, messages: [msg(4), msg(3)], cursor: 4, hasMore: true }, false);
    expect(snap.messages.map((m) => m.seq)).toEqual([3, 4]);
    expect(snap).toMatchObject({ seq: 4, hasMore: true });
    const older = applyHistory(snap, { type: S.History, dialogId: 'd1', dialog, messages: [msg(1), msg(2), msg(3)], cursor: 4, hasMore: false }, true);
    expect(older.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(older).toMatchObject({ seq: 4, hasMore: false });
  });
});

describe('unreadCount and trimView', () => {
  it('counts operator and system messages after the read mark, not deleted ones', () => {
    const list = [msg(1, 'visitor'), msg(2), msg(3, 'system'), { ...msg(4), deletedAt: 1 }, msg(5)];
    expect(unreadCount(list, 0)).toBe(3);
    expect(unreadCount(list, 3)).toBe(1);
  });

  it('trims to the newest messages and remembers there is more', () => {
    const v = view(3, [msg(1), msg(2), msg(3)]);
    expect(trimView(v, 2)).toMatchObject({ messages: [msg(2), msg(3)], hasMore: true });
    expect(trimView(v, 5)).toBe(v);
  });
});
