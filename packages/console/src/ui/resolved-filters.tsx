import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { fromDateInput, toDateInput } from '../lib/format';
import { hasFilters, NO_FILTERS, type ResolvedFilters as Filters } from '../state/dialog-lists';
import { useT, useWorkspace } from './context';

/** Search and filters of resolved dialogs: text, period, rating, tag, operator. */
export function ResolvedFilters() {
  const ws = useWorkspace();
  const t = useT();
  const f = ws.lists.resolvedFilters.value;
  const q = useSignal(f.q);
  const open = useSignal(hasFilters({ ...f, q: '' }));

  // Typing in the search box settles for a moment before it queries the server.
  useEffect(() => {
    if (q.value === ws.lists.resolvedFilters.peek().q) return;
    const id = setTimeout(() => ws.lists.setResolvedFilters({ ...ws.lists.resolvedFilters.peek(), q: q.value }), 300);
    return () => clearTimeout(id);
  }, [q.value]);

  const set = (patch: Partial<Filters>) => ws.lists.setResolvedFilters({ ...ws.lists.resolvedFilters.peek(), ...patch });
  return (
    <div class="filters">
      <form role="search" onSubmit={(e) => { e.preventDefault(); set({ q: q.value }); }}>
        <label class="field">
          <span class="sr-only">{t('filters.search')}</span>
          <input type="search" placeholder={t('filters.search')} value={q.value} onInput={(e) => { q.value = e.currentTarget.value; }} />
        </label>
      </form>
      <button type="button" class="btn small" aria-expanded={open.value} aria-controls="resolved-filters" onClick={() => { open.value = !open.value; }}>
        {t('filters.toggle')}
      </button>
      {open.value && (
        <div id="resolved-filters" class="filters-grid">
          <label class="field">
            <span>{t('filters.from')}</span>
            <input type="date" value={f.from === null ? '' : toDateInput(f.from)} onChange={(e) => set({ from: fromDateInput(e.currentTarget.value) })} />
          </label>
          <label class="field">
            <span>{t('filters.to')}</span>
            <input type="date" value={f.to === null ? '' : toDateInput(f.to)} onChange={(e) => set({ to: fromDateInput(e.currentTarget.value, true) })} />
          </label>
          <label class="field">
            <span>{t('filters.rating')}</span>
            <select aria-label={t('filters.rating')} value={f.rating ?? ''} onChange={(e) => set({ rating: e.currentTarget.value ? Number(e.currentTarget.value) : null })}>
              <option value="">{t('filters.any')}</option>
              {[5, 4, 3, 2, 1].map((n) => <option key={n} value={n}>{'★'.repeat(n)}</option>)}
            </select>
          </label>
          <label class="field">
            <span>{t('filters.tag')}</span>
            <input type="text" value={f.tag} onChange={(e) => set({ tag: e.currentTarget.value })} />
          </label>
          <label class="field">
            <span>{t('filters.operator')}</span>
            <select aria-label={t('filters.operator')} value={f.operatorId} onChange={(e) => set({ operatorId: e.currentTarget.value })}>
              <option value="">{t('filters.any')}</option>
              {ws.operators.list.value.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>
          </label>
          <button type="button" class="btn small" onClick={() => { q.value = ''; ws.lists.setResolvedFilters(NO_FILTERS); }}>{t('filters.clear')}</button>
        </div>
      )}
    </div>
  );
}
