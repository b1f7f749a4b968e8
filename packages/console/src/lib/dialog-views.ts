import type { DialogSummary, DialogView } from '@parley/protocol';

/**
 * Whether a dialog belongs in a view, so live updates move dialogs between lists without a
 * refetch. Mirrors DialogListQuerySchema: new = open and unassigned; mine = open and assigned to
 * me; all = every open dialog; resolved = closed.
 */
export function inView(view: DialogView, d: DialogSummary, meId: string): boolean {
  switch (view) {
    case 'new':
      return d.status === 'open' && d.assignee === null;
    case 'mine':
      return d.status === 'open' && d.assignee?.id === meId;
    case 'all':
      return d.status === 'open';
    case 'resolved':
      return d.status === 'closed';
  }
}

/** Last activity of a dialog: its last message, else its last change. */
export function activityAt(d: DialogSummary): number {
  return Math.max(d.lastMessage?.at ?? 0, d.updatedAt);
}

/** Most recent activity first; resolved dialogs by closing time. */
export function sortForView(view: DialogView, list: readonly DialogSummary[]): DialogSummary[] {
  const key = view === 'resolved' ? (d: DialogSummary) => d.closedAt ?? d.updatedAt : activityAt;
  return [...list].sort((a, b) => key(b) - key(a) || (a.id < b.id ? -1 : 1));
}

/** Unread visitor messages across dialogs. */
export function unreadTotal(list: readonly DialogSummary[]): number {
  return list.reduce((n, d) => n + d.unread, 0);
}
