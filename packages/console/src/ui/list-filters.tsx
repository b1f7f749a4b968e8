import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { CHANNELS, CLOSE_STATUSES, type Channel, type CloseStatus, type DialogView } from '@parley/protocol';
import { fromDateInput, toDateInput } from '../lib/format';
import { hasFilters, NO_FILTERS, type ListFilters as Filters } from '../state/dialog-lists';
import { useT, useWorkspace } from './context';

/**
 * Search and filters of a list (every view): text, visitor name, email, phone, tag, group,
 * operator; on Resolved also the period, rating and close status.
 */
export function ListFilters({ view }: { view: DialogView }) {
  const ws = useWorkspace();
  const t = useT();
  const f = ws.lists.filters.value;
  const q = useSignal(f.q);
  const open = useSignal(hasFilters({ ...f, q: '' }));
  const resolved = view === 'resolved';

  // Typing in the search box settles for a moment before it queries the server.
  useEffect(() => {
    if (q.value === ws.lists.filters.peek().q) return;
    const id = setTimeout(() => ws.lists.setFilters({ ...ws.lists.filters.peek(), q: q.value }, view), 300);
    return () => clearTimeout(id);
  }, [q.value]);

  const set = (patch: Partial<Filters>) => ws.lists.setFilters({ ...ws.lists.filters.peek(), ...patch }, view);
  const text = (key: 'name' | 'email' | 'phone', label: string, type = 'text') => (
    <label class="field">
      <span>{label}</span>
      <input type={type} value={f[key]} onChange={(e) => set({ [key]: e.currentTarget.value })} />
    </label>
  );
  return (
    <div class="filters">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: q.value });
        }}
      >
        <label class="field">
          <span class="sr-only">{t('filters.search')}</span>
          <input
            type="search"
            class="list-search"
            placeholder={t('filters.search')}
            value={q.value}
            aria-keyshortcuts="/"
            onInput={(e) => {
              q.value = e.currentTarget.value;
            }}
          />
        </label>
      </form>
      <button
        type="button"
        class="btn small"
        aria-expanded={open.value}
        aria-controls="list-filters"
        onClick={() => {
          open.value = !open.value;
        }}
      >
        {t('filters.toggle')}
      </button>
      {open.value && (
        <div id="list-filters" class="filters-grid">
          {text('name', t('filters.name'))}
          {text('email', t('filters.email'))}
          {text('phone', t('filters.phone'))}
          <label class="field">
            <span>{t('filters.tag')}</span>
            <input type="text" list="tag-options" value={f.tag} onChange={(e) => set({ tag: e.currentTarget.value })} />
            <datalist id="tag-options">
              {ws.team.tags.value.map((tag) => (
                <option key={tag.name} value={tag.name} />
              ))}
            </datalist>
          </label>
          <label class="field">
            <span>{t('filters.group')}</span>
            <select aria-label={t('filters.group')} value={f.groupId} onChange={(e) => set({ groupId: e.currentTarget.value })}>
              <option value="">{t('filters.any')}</option>
              {ws.team.groups.value.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t('filters.channel')}</span>
            <select aria-label={t('filters.channel')} value={f.channel} onChange={(e) => set({ channel: e.currentTarget.value as Channel | '' })}>
              <option value="">{t('filters.any')}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}` as const)}
                </option>
              ))}
            </select>
          </label>
          {ws.isAdmin.value && (
            <label class="field">
              <span>{t('filters.operator')}</span>
              <select aria-label={t('filters.operator')} value={f.operatorId} onChange={(e) => set({ operatorId: e.currentTarget.value })}>
                <option value="">{t('filters.any')}</option>
                {ws.operators.list.value.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {resolved && (
            <>
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
                <select
                  aria-label={t('filters.rating')}
                  value={f.rating ?? ''}
                  onChange={(e) => set({ rating: e.currentTarget.value ? Number(e.currentTarget.value) : null })}
                >
                  <option value="">{t('filters.any')}</option>
                  {[5, 4, 3, 2, 1].map((n) => (
                    <option key={n} value={n}>
                      {'★'.repeat(n)}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span>{t('filters.closeStatus')}</span>
                <select
                  aria-label={t('filters.closeStatus')}
                  value={f.closeStatus}
                  onChange={(e) => set({ closeStatus: e.currentTarget.value as CloseStatus | '' })}
                >
                  <option value="">{t('filters.any')}</option>
                  {CLOSE_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`close.${s}` as const)}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}
          <div class="filters-actions">
            <button
              type="button"
              class="btn small"
              onClick={() => {
                q.value = '';
                ws.lists.setFilters(NO_FILTERS, view);
              }}
            >
              {t('filters.clear')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
