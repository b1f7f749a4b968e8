import type { DialogView } from '@parley/protocol';
import { useT, useWorkspace } from './context';
import { DialogListItem } from './dialog-list-item';
import { ListFilters } from './list-filters';
import { hasFilters } from '../state/dialog-lists';

/** Arrow keys, Home and End move between the dialogs of a list; Enter opens one (it is a link). */
function onListKey(e: KeyboardEvent) {
  const list = e.currentTarget as HTMLElement;
  const links = [...list.querySelectorAll<HTMLAnchorElement>('a.dialog-item')];
  const i = links.indexOf(document.activeElement as HTMLAnchorElement);
  let next: number;
  if (e.key === 'ArrowDown') next = Math.min(links.length - 1, i + 1);
  else if (e.key === 'ArrowUp') next = Math.max(0, i - 1);
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = links.length - 1;
  else return;
  e.preventDefault();
  links[next]?.focus();
}

export function DialogList({ view, activeId }: { view: DialogView; activeId: string | null }) {
  const ws = useWorkspace();
  const t = useT();
  const filtered = hasFilters(ws.lists.filters.value);
  const dialogs = ws.lists.shown(view);
  const loading = view === 'resolved' ? ws.lists.resolvedLoading.value : filtered ? ws.lists.searchLoading.value : ws.lists.loading.value;
  const more = view === 'resolved' ? ws.lists.resolvedNext.value : filtered ? ws.lists.searchNext.value[view] : ws.lists.openNext.value[view];
  const error = ws.lists.error.value;
  return (
    <section class="list-col" aria-labelledby="list-title">
      <header class="list-head">
        <h2 id="list-title">{t(`view.${view}` as const)}</h2>
      </header>
      <ListFilters view={view} />
      {error ? (
        <p class="error small" role="alert">
          {ws.errorText(error)}
        </p>
      ) : null}
      {dialogs.length === 0 && !loading ? (
        <p class="empty">{filtered ? t('list.noMatches') : view === 'resolved' ? t('list.emptyResolved') : t('list.empty')}</p>
      ) : (
        <ul class="dialog-list" aria-label={t(`view.${view}` as const)} onKeyDown={onListKey}>
          {dialogs.map((d) => (
            <li key={d.id}>
              <DialogListItem dialog={d} view={view} active={d.id === activeId} />
            </li>
          ))}
        </ul>
      )}
      {loading && (
        <p class="empty" role="status">
          {t('app.loading')}
        </p>
      )}
      {more && !loading && (
        <button
          type="button"
          class="btn small more"
          onClick={() => {
            if (view === 'resolved') void ws.lists.loadResolved(true);
            else if (filtered) void ws.lists.loadMoreSearch(view);
            else void ws.lists.loadMoreOpen(view);
          }}
        >
          {t('list.more')}
        </button>
      )}
    </section>
  );
}
