import { describe, expect, it } from 'vitest';
import { S, type DialogEvent, type Message, type Note } from '@parley/protocol';
import {
  addNote,
  addVisitorEvent,
  applyDialogEvent,
  emptyTimeline,
  fromServer,
  mergeTimeline,
  prependOlder,
  unconfirmed,
  upsertReturnedMessage,
  type TimelineState,
} from './timeline';

const D = 'dlg1';
function msg(id: string, seq: number, at: number, kind: 'visitor' | 'operator' = 'visitor', extra: Partial<Message> = {}): Message {
  return { id, dialogId: D, seq, author: { kind }, text: `text ${id}`, attachments: [], createdAt: at, ...extra };
}
function note(id: string, at: number): Note {
  return { id, dialogId: D, author: { id: 'op1', name: 'Anna' }, text: `note ${id}`, createdAt: at };
}
const newMsg = (m: Message): DialogEvent => ({ type: S.MessageNew, dialogId: D, seq: m.seq, message: m });
const dayKey = (ts: number) => String(Math.floor(ts / 1000));

function state(messages: Message[], cursor: number): TimelineState {
  return { ...emptyTimeline(), messages, cursor };
}

describe('applyDialogEvent', () => {
  it('appends a new message and moves the cursor', () => {
    const r = applyDialogEvent(state([msg('a', 1, 10)], 1), newMsg(msg('b', 2, 20)));
    expect(r.gap).toBe(false);
    expect(r.state.cursor).toBe(2);
    expect(r.state.messages.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('ignores an event at or below the cursor (already in the snapshot)', () => {
    const s = state([msg('a', 1, 10)], 3);
    const r = applyDialogEvent(s, newMsg(msg('x', 2, 15)));
    expect(r.state).toBe(s);
    expect(r.gap).toBe(false);
  });

  it('reports a gap when seqs were skipped, and still applies the event', () => {
    const r = applyDialogEvent(state([msg('a', 1, 10)], 1), newMsg(msg('c', 4, 40)));
    expect(r.gap).toBe(true);
    expect(r.state.messages.map((m) => m.id)).toEqual(['a', 'c']);
  });

  it('applies edits and deletes to the message they name', () => {
    let s = state([msg('a', 1, 10, 'operator', { attachments: [{ id: 'f', name: 'x.png', mime: 'image/png', size: 1, kind: 'image', url: '/f' }] })], 1);
    s = applyDialogEvent(s, { type: S.MessageEdited, dialogId: D, seq: 2, messageId: 'a', text: 'fixed', editedAt: 50 }).state;
    expect(s.messages[0]).toMatchObject({ text: 'fixed', editedAt: 50 });
    s = applyDialogEvent(s, { type: S.MessageDeleted, dialogId: D, seq: 3, messageId: 'a', deletedAt: 60 }).state;
    expect(s.messages[0]).toMatchObject({ text: '', deletedAt: 60, attachments: [] });
    expect(s.cursor).toBe(3);
  });

  it('turns dialog events into timeline events', () => {
    let s = state([], 0);
    s = applyDialogEvent(s, { type: S.DialogOpened, dialogId: D, seq: 1, at: 1, reopened: false }).state;
    s = applyDialogEvent(s, { type: S.DialogAssigned, dialogId: D, seq: 2, at: 2, operator: { id: 'op1', name: 'Anna', avatarUrl: null } }).state;
    s = applyDialogEvent(s, { type: S.DialogClosed, dialogId: D, seq: 3, at: 3 }).state;
    s = applyDialogEvent(s, { type: S.DialogRated, dialogId: D, seq: 4, at: 4, score: 5, comment: 'merci' }).state;
    s = applyDialogEvent(s, { type: S.DialogOpened, dialogId: D, seq: 5, at: 5, reopened: true }).state;
    expect(s.events.map((e) => e.kind)).toEqual(['opened', 'assigned', 'closed', 'rated', 'reopened']);
    expect(s.events[1]!.operator).toEqual({ id: 'op1', name: 'Anna' });
    expect(s.events[3]!.rating).toEqual({ score: 5, comment: 'merci' });
  });

  it('does not duplicate a message delivered twice after a refetch', () => {
    const a = msg('a', 2, 20);
    const s = state([a], 1);
    const r = applyDialogEvent(s, newMsg(a));
    expect(r.state.messages).toHaveLength(1);
  });
});

describe('upsertReturnedMessage', () => {
  it('keeps a newer live state over an older answer', () => {
    const s = state([msg('a', 1, 10, 'operator', { text: '', deletedAt: 99 })], 3);
    expect(upsertReturnedMessage(s, msg('a', 1, 10, 'operator', { text: 'edited', editedAt: 50 }))).toBe(s);
  });
  it('adds the message when the event has not arrived yet', () => {
    const s = state([], 0);
    expect(upsertReturnedMessage(s, msg('a', 1, 10, 'operator')).messages).toHaveLength(1);
    expect(upsertReturnedMessage(s, msg('a', 1, 10, 'operator')).cursor).toBe(0);
  });
});

describe('mergeTimeline', () => {
  it('orders messages, notes and events by time with day separators', () => {
    const s: TimelineState = {
      messages: [msg('a', 2, 1000), msg('b', 3, 2500)],
      notes: [note('n1', 2000)],
      events: [{ kind: 'opened', seq: 1, at: 1000 }],
      visitorEvents: [{ id: 've1', name: 'checkout', props: { plan: 'pro' }, at: 2200 }],
      mail: {},
      cursor: 3,
      hasMore: false,
    };
    const items = mergeTimeline(s, [], dayKey);
    expect(items.map((i) => i.key)).toEqual(['d:1', 'e:opened:1', 'm:a', 'd:2', 'n:n1', 'v:ve1', 'm:b']);
  });

  it('adds a live visitor event once, in time order', () => {
    const e1 = { id: 've1', name: 'a', props: {}, at: 20 };
    const e0 = { id: 've0', name: 'b', props: {}, at: 10 };
    const s = addVisitorEvent(addVisitorEvent(addVisitorEvent(emptyTimeline(), e1), e0), e1);
    expect(s.visitorEvents.map((e) => e.id)).toEqual(['ve0', 've1']);
  });

  it('puts a note after sequenced items of the same instant', () => {
    const s: TimelineState = { messages: [msg('a', 1, 1000)], notes: [note('n', 1000)], events: [], visitorEvents: [], mail: {}, cursor: 1, hasMore: false };
    expect(
      mergeTimeline(s, [], dayKey)
        .filter((i) => i.kind !== 'day')
        .map((i) => i.key),
    ).toEqual(['m:a', 'n:n']);
  });

  it('shows pending sends at the end until their message arrives', () => {
    const p = { clientId: 'client-1', text: 'hi', attachmentNames: [], attachmentIds: [], createdAt: 3000, error: null };
    const s = state([msg('a', 1, 1000)], 1);
    expect(mergeTimeline(s, [p], dayKey).at(-1)).toMatchObject({ kind: 'pending' });
    const confirmed = state([msg('a', 1, 1000), msg('b', 2, 3000, 'operator', { clientId: 'client-1' })], 2);
    expect(mergeTimeline(confirmed, [p], dayKey).some((i) => i.kind === 'pending')).toBe(false);
    expect(unconfirmed([p], confirmed.messages)).toEqual([]);
  });
});

describe('notes and older pages', () => {
  it('adds a note once', () => {
    const n = note('n', 5);
    const s = addNote(addNote(emptyTimeline(), n), n);
    expect(s.notes).toHaveLength(1);
  });

  it('prepends an older page without duplicates and keeps the cursor', () => {
    const s = fromServer({
      dialogId: D,
      messages: [msg('c', 5, 50), msg('b', 4, 40)],
      notes: [],
      events: [],
      visitorEvents: [],
      mail: [],
      cursor: 5,
      hasMore: true,
    });
    expect(s.messages.map((m) => m.id)).toEqual(['b', 'c']);
    const older = {
      dialogId: D,
      messages: [msg('a', 2, 20), msg('b', 4, 40)],
      notes: [note('n', 30)],
      events: [{ kind: 'opened' as const, seq: 1, at: 10 }],
      visitorEvents: [{ id: 've1', name: 'e', props: {}, at: 15 }],
      mail: [{ messageId: 'a', direction: 'sent' as const, address: 'v@example.com', at: 21 }],
      cursor: 5,
      hasMore: false,
    };
    const merged = prependOlder(s, older);
    expect(merged.messages.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(merged.notes).toHaveLength(1);
    expect(merged.mail.a?.address).toBe('v@example.com');
    expect(merged.events).toHaveLength(1);
    expect(merged.visitorEvents).toHaveLength(1);
    expect(merged.cursor).toBe(5);
    expect(merged.hasMore).toBe(false);
  });
});
