import { describe, expect, it } from 'vitest';
import type { OperatorApi, DialogListParams } from '../api/operator-api';
import { createDialogLists, NO_FILTERS } from './dialog-lists';
import { summary } from './test-fixtures';

function fakeApi(pages: Record<string, ReturnType<typeof summary>[]>) {
  const calls: DialogListParams[] = [];
  const api = {
    dialogs: async (p: DialogListParams) => {
      calls.push(p);
      return { dialogs: pages[p.view] ?? [], next: null };
    },
  } as unknown as OperatorApi;
  return { api, calls };
}
const me = { id: 'op1', name: 'Me' };

describe('dialog lists', () => {
  it('loads new and mine for operators, all for admins, and computes every open view', async () => {
    const { api, calls } = fakeApi({ new: [summary('a')], mine: [summary('b', { assignee: me })] });
    const lists = createDialogLists({ api, meId: () => 'op1', isAdmin: () => false });
    await lists.loadOpen();
    expect(calls.map((c) => c.view).sort()).toEqual(['mine', 'new']);
    expect(lists.views.new.value.map((d) => d.id)).toEqual(['a']);
    expect(lists.views.mine.value.map((d) => d.id)).toEqual(['b']);
    expect(lists.views.all.value.map((d) => d.id).sort()).toEqual(['a', 'b']);
    const admin = fakeApi({ all: [summary('a')] });
    const adminLists = createDialogLists({ api: admin.api, meId: () => 'op1', isAdmin: () => true });
    await adminLists.loadOpen();
    expect(admin.calls.map((c) => c.view)).toEqual(['all']);
  });

  it('moves a dialog between views when it changes, and drops what the server stopped listing', async () => {
    const pages = { new: [summary('a'), summary('c')], mine: [] as ReturnType<typeof summary>[] };
    const { api } = fakeApi(pages);
    const lists = createDialogLists({ api, meId: () => 'op1', isAdmin: () => false });
    await lists.loadOpen();
    lists.updated(summary('a', { assignee: me, updatedAt: 5 }));
    expect(lists.views.new.value.map((d) => d.id)).toEqual(['c']);
    expect(lists.views.mine.value.map((d) => d.id)).toEqual(['a']);
    // After a reconnect the server lists only "a": "c" was taken by someone while we were away.
    pages.new = [];
    pages.mine = [summary('a', { assignee: me })];
    await lists.loadOpen();
    expect(lists.get('c')).toBeNull();
    lists.forget('a');
    expect(lists.views.mine.value).toEqual([]);
  });

  it('puts a closing dialog on top of the resolved list unless a search is active', async () => {
    const { api, calls } = fakeApi({ resolved: [summary('old', { status: 'closed', closedAt: 1 })] });
    const lists = createDialogLists({ api, meId: () => 'op1', isAdmin: () => true });
    await lists.loadResolved();
    lists.updated(summary('x', { status: 'closed', closedAt: 9 }));
    expect(lists.views.resolved.value.map((d) => d.id)).toEqual(['x', 'old']);
    lists.setResolvedFilters({ ...NO_FILTERS, q: 'refund', rating: 5 });
    await Promise.resolve();
    expect(calls.at(-1)).toMatchObject({ view: 'resolved', q: 'refund', rating: 5 });
    lists.updated(summary('y', { status: 'closed', closedAt: 10 }));
    expect(lists.views.resolved.value.map((d) => d.id)).not.toContain('y');
  });

  it('marks read optimistically', async () => {
    const { api } = fakeApi({ mine: [summary('a', { assignee: me, unread: 3 })] });
    const lists = createDialogLists({ api, meId: () => 'op1', isAdmin: () => false });
    await lists.loadOpen();
    lists.markedRead('a');
    expect(lists.get('a')?.unread).toBe(0);
  });

  it('a summary computed before the read mark does not bring the unread count back; a later message does', async () => {
    const { api } = fakeApi({ mine: [summary('a', { assignee: me, unread: 1, lastSeq: 4 })] });
    const lists = createDialogLists({ api, meId: () => 'op1', isAdmin: () => false });
    await lists.loadOpen();
    lists.markedRead('a');
    // The dialog's own load answers after the read request did, with the count as it was.
    lists.updated(summary('a', { assignee: me, unread: 1, lastSeq: 4, updatedAt: 5 }));
    expect(lists.get('a')?.unread).toBe(0);
    lists.updated(summary('a', { assignee: me, unread: 1, lastSeq: 5, updatedAt: 6 }));
    expect(lists.get('a')?.unread).toBe(1);
  });
});

describe('dialog lists and live frames racing a request', () => {
  it('keeps what frames said while a list request was on its way', async () => {
    let release: (v: unknown) => void = () => undefined;
    const gate = new Promise((r) => {
      release = r;
    });
    const stale = [summary('a', { updatedAt: 1, unread: 0 })];
    const api = {
      dialogs: async () => {
        await gate;
        return { dialogs: stale, next: null };
      },
    } as unknown as OperatorApi;
    const lists = createDialogLists({ api, meId: () => 'op1', isAdmin: () => true });
    const loading = lists.loadOpen();
    lists.updated(summary('a', { updatedAt: 5, unread: 2 }));
    lists.updated(summary('fresh', { updatedAt: 6 }));
    release(null);
    await loading;
    expect(lists.get('a')?.unread).toBe(2);
    expect(lists.get('fresh')).not.toBeNull();
  });
});
