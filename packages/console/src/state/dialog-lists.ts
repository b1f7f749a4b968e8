import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Channel, CloseStatus, DialogSummary, DialogView } from '@parley/protocol';
import type { DialogListParams, OperatorApi } from '../api/operator-api';
import { inView, sortForView } from '../lib/dialog-views';

/** Search and filters of every list (All, Mine, New, Resolved): text, visitor fields, tag, group; period, rating, operator and close status on resolved. */
export interface ListFilters {
  q: string;
  name: string;
  email: string;
  phone: string;
  from: number | null;
  to: number | null;
  rating: number | null;
  tag: string;
  operatorId: string;
  groupId: string;
  closeStatus: CloseStatus | '';
  /** Dialogs started in, or written to from, this channel. */
  channel: Channel | '';
}
export type ResolvedFilters = ListFilters;
export const NO_FILTERS: ListFilters = {
  q: '',
  name: '',
  email: '',
  phone: '',
  from: null,
  to: null,
  rating: null,
  tag: '',
  operatorId: '',
  groupId: '',
  closeStatus: '',
  channel: '',
};

export function hasFilters(f: ListFilters): boolean {
  return Object.entries(f).some(([k, val]) => val !== null && val !== '' && k in NO_FILTERS);
}

export function filterParams(f: ListFilters, view: DialogView): Omit<DialogListParams, 'view'> {
  const p: Omit<DialogListParams, 'view'> = {};
  for (const k of ['q', 'name', 'email', 'phone', 'tag', 'operatorId', 'groupId'] as const) if (f[k].trim()) p[k] = f[k].trim();
  if (f.channel) p.channel = f.channel;
  // Period, rating and close status are about closed dialogs.
  if (view === 'resolved') {
    if (f.from !== null) p.from = f.from;
    if (f.to !== null) p.to = f.to;
    if (f.rating !== null) p.rating = f.rating;
    if (f.closeStatus) p.closeStatus = f.closeStatus;
  }
  return p;
}
const resolvedParams = (f: ListFilters) => filterParams(f, 'resolved');

const PAGE = 50;

/**
 * Every dialog the operator knows of, by id, kept current by dialog.updated frames. The open
 * views (new, mine, all) are computed from it, so a dialog moves between lists the moment it
 * changes; resolved dialogs are a server search (filters) plus live closings when unfiltered.
 */
export function createDialogLists(deps: { api: OperatorApi; meId: () => string; isAdmin: () => boolean }) {
  const byId = signal<ReadonlyMap<string, DialogSummary>>(new Map());
  const loading = signal(false);
  const error = signal<unknown>(null);
  const resolvedIds = signal<string[]>([]);
  const resolvedNext = signal<string | null>(null);
  const resolvedFilters = signal<ResolvedFilters>(NO_FILTERS);
  const resolvedLoading = signal(false);
  const openNext = signal<Partial<Record<DialogView, string | null>>>({});
  let resolvedRequest = 0;
  // Open views while filtered: the server's answer, kept live by frames (a dialog leaving the view drops out).
  const searchIds = signal<Partial<Record<DialogView, string[]>>>({});
  const searchNext = signal<Partial<Record<DialogView, string | null>>>({});
  const searchLoading = signal(false);
  let searchRequest = 0;

  // Ids changed by live frames while a list request is on its way: its (older) answer must not undo them.
  let liveDuringLoad: Set<string> | null = null;

  /** A fetched summary never replaces a newer one (a frame may have overtaken the request). */
  function newer(existing: DialogSummary | undefined, fetched: DialogSummary): boolean {
    return !existing || fetched.updatedAt >= existing.updatedAt;
  }

  // What this operator has marked read, per dialog: a summary computed before the mark (a dialog load or a
  // frame that crossed the read request) must not bring its unread count back.
  const readThrough = new Map<string, number>();

  function put(list: readonly DialogSummary[], fromServerList = false): void {
    if (list.length === 0) return;
    const next = new Map(byId.value);
    for (const d of list) {
      if (fromServerList && !newer(next.get(d.id), d)) continue;
      const read = readThrough.get(d.id);
      next.set(d.id, d.unread > 0 && read !== undefined && d.lastSeq <= read ? { ...d, unread: 0 } : d);
    }
    byId.value = next;
  }

  const views = {} as Record<DialogView, ReadonlySignal<DialogSummary[]>>;
  for (const view of ['new', 'mine', 'all'] as const) {
    views[view] = computed(() =>
      sortForView(
        view,
        [...byId.value.values()].filter((d) => inView(view, d, deps.meId())),
      ),
    );
  }
  views.resolved = computed(() => {
    const map = byId.value;
    return resolvedIds.value.map((id) => map.get(id)).filter((d): d is DialogSummary => !!d && d.status === 'closed');
  });

  async function fetchOpen(view: 'new' | 'mine' | 'all', cursor?: string): Promise<DialogSummary[]> {
    const page = await deps.api.dialogs({ view, limit: PAGE, ...(cursor ? { cursor } : {}) });
    openNext.value = { ...openNext.value, [view]: page.next };
    return page.dialogs;
  }

  /** Loads every open view this operator has; drops open dialogs the server no longer lists. */
  async function loadOpen(): Promise<void> {
    loading.value = true;
    liveDuringLoad = new Set();
    try {
      const viewsToLoad: ('new' | 'mine' | 'all')[] = deps.isAdmin() ? ['all'] : ['new', 'mine'];
      const pages = await Promise.all(viewsToLoad.map((v) => fetchOpen(v)));
      const fetched = pages.flat();
      const complete = viewsToLoad.every((v) => !openNext.value[v]);
      batch(() => {
        const next = new Map(byId.value);
        if (complete) {
          const seen = new Set(fetched.map((d) => d.id));
          for (const [id, d] of next) if (d.status === 'open' && !seen.has(id) && !liveDuringLoad?.has(id)) next.delete(id);
        }
        for (const d of fetched) if (newer(next.get(d.id), d)) next.set(d.id, d);
        byId.value = next;
        error.value = null;
      });
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
      liveDuringLoad = null;
    }
  }

  async function loadMoreOpen(view: 'new' | 'mine' | 'all'): Promise<void> {
    const cursor = openNext.value[view];
    if (!cursor) return;
    put(await fetchOpen(view, cursor), true);
  }

  async function loadResolved(more = false): Promise<void> {
    const req = ++resolvedRequest;
    resolvedLoading.value = true;
    try {
      const cursor = more ? resolvedNext.value : null;
      if (more && !cursor) return;
      const page = await deps.api.dialogs({ view: 'resolved', limit: PAGE, ...resolvedParams(resolvedFilters.value), ...(cursor ? { cursor } : {}) });
      if (req !== resolvedRequest) return;
      batch(() => {
        put(page.dialogs, true);
        const ids = page.dialogs.map((d) => d.id);
        resolvedIds.value = more ? [...resolvedIds.value, ...ids.filter((id) => !resolvedIds.value.includes(id))] : ids;
        resolvedNext.value = page.next;
        error.value = null;
      });
    } catch (e) {
      if (req === resolvedRequest) error.value = e;
    } finally {
      if (req === resolvedRequest) resolvedLoading.value = false;
    }
  }

  async function searchOpen(view: 'new' | 'mine' | 'all', more = false): Promise<void> {
    const req = ++searchRequest;
    const f = resolvedFilters.value;
    if (!hasFilters(f)) {
      searchIds.value = {};
      return;
    }
    searchLoading.value = true;
    try {
      const cursor = more ? searchNext.value[view] : null;
      if (more && !cursor) return;
      const page = await deps.api.dialogs({ view, limit: PAGE, ...filterParams(f, view), ...(cursor ? { cursor } : {}) });
      if (req !== searchRequest) return;
      batch(() => {
        put(page.dialogs, true);
        const ids = page.dialogs.map((d) => d.id);
        const prev = more ? (searchIds.value[view] ?? []) : [];
        searchIds.value = { ...searchIds.value, [view]: [...prev, ...ids.filter((id) => !prev.includes(id))] };
        searchNext.value = { ...searchNext.value, [view]: page.next };
        error.value = null;
      });
    } catch (e) {
      if (req === searchRequest) error.value = e;
    } finally {
      if (req === searchRequest) searchLoading.value = false;
    }
  }

  /** What a list shows now: the live view, or the server's search while filters are set. */
  function shown(view: DialogView): DialogSummary[] {
    if (view === 'resolved') return views.resolved.value;
    if (!hasFilters(resolvedFilters.value)) return views[view].value;
    const ids = searchIds.value[view];
    if (!ids) return [];
    const map = byId.value;
    const me = deps.meId();
    return ids.map((id) => map.get(id)).filter((d): d is DialogSummary => !!d && inView(view, d, me));
  }

  return {
    byId,
    views,
    shown,
    searchLoading,
    searchNext,
    filters: resolvedFilters,
    /** Runs the filters for a view (after a change of filters or of view). */
    refresh(view: DialogView): void {
      if (view === 'resolved') void loadResolved();
      else void searchOpen(view);
    },
    loadMoreSearch: (view: 'new' | 'mine' | 'all') => searchOpen(view, true),
    setFilters(f: ListFilters, view: DialogView): void {
      resolvedFilters.value = f;
      if (view === 'resolved') void loadResolved();
      else void searchOpen(view);
    },
    loading,
    error,
    resolvedFilters,
    resolvedLoading,
    resolvedNext,
    openNext,
    loadOpen,
    loadMoreOpen,
    loadResolved,
    setResolvedFilters(f: ResolvedFilters): void {
      resolvedFilters.value = f;
      void loadResolved();
    },
    get: (id: string) => byId.value.get(id) ?? null,
    /** A dialog changed (frame or an action's answer). */
    updated(d: DialogSummary): void {
      liveDuringLoad?.add(d.id);
      batch(() => {
        put([d]);
        // A dialog closed while the resolved list is unfiltered belongs at its top.
        if (d.status === 'closed' && !hasFilters(resolvedFilters.value) && !resolvedIds.value.includes(d.id)) {
          resolvedIds.value = [d.id, ...resolvedIds.value];
        }
      });
    },
    /** The server says this dialog is not ours to see (any more): drop it from every list. */
    forget(id: string): void {
      if (!byId.value.has(id)) return;
      const next = new Map(byId.value);
      next.delete(id);
      readThrough.delete(id);
      byId.value = next;
    },
    /** Optimistic: the operator has read a dialog (the server confirms with dialog.updated). */
    markedRead(id: string): void {
      const d = byId.value.get(id);
      if (!d) return;
      readThrough.set(id, Math.max(d.lastSeq, readThrough.get(id) ?? 0));
      if (d.unread > 0) put([{ ...d, unread: 0 }]);
    },
  };
}
export type DialogLists = ReturnType<typeof createDialogLists>;
