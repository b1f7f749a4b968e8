import { describe, expect, it } from 'vitest';
import type { DialogSummary } from '@parley/protocol';
import { inView, sortForView, unreadTotal } from './dialog-views';

function dialog(id: string, extra: Partial<DialogSummary> = {}): DialogSummary {
  return {
    id,
    status: 'open',
    closeStatus: null,
    channel: 'web',
    visitor: { id: `v-${id}`, kind: 'anonymous', userId: null, name: null, email: null, phone: null, location: null, blocked: false },
    groupId: null,
    assignee: null,
    lastMessage: null,
    unread: 0,
    lastSeq: 0,
    visitorReadSeq: 0,
    rating: null,
    tags: [],
    createdAt: 0,
    updatedAt: 0,
    closedAt: null,
    ...extra,
  };
}
const me = { id: 'op1', name: 'Me' };
const other = { id: 'op2', name: 'Other' };

describe('inView', () => {
  it('sorts dialogs into new, mine, all and resolved', () => {
    const fresh = dialog('a');
    const mine = dialog('b', { assignee: me });
    const theirs = dialog('c', { assignee: other });
    const closed = dialog('d', { status: 'closed', assignee: me, closedAt: 5 });
    const table = [fresh, mine, theirs, closed].map((d) => (['new', 'mine', 'all', 'resolved'] as const).filter((v) => inView(v, d, 'op1')));
    expect(table).toEqual([['new', 'all'], ['mine', 'all'], ['all'], ['resolved']]);
  });
});

describe('sortForView', () => {
  it('puts the latest activity first', () => {
    const a = dialog('a', { updatedAt: 10, lastMessage: { text: '', authorKind: 'visitor', at: 50, hasAttachments: false } });
    const b = dialog('b', { updatedAt: 40 });
    expect(sortForView('mine', [b, a]).map((d) => d.id)).toEqual(['a', 'b']);
    const c = dialog('c', { status: 'closed', closedAt: 100, updatedAt: 1 });
    expect(sortForView('resolved', [a, c]).map((d) => d.id)).toEqual(['c', 'a']);
  });
  it('counts unread messages', () => {
    expect(unreadTotal([dialog('a', { unread: 2 }), dialog('b', { unread: 3 })])).toBe(5);
  });
});
