import { useEffect } from 'preact/hooks';
import { LEAD_KINDS, type LeadKind } from '@parley/protocol';
import { useT, useWorkspace } from './context';
import { LeadItem } from './lead-item';

/** Offline form submissions and callback requests: nothing is lost, each can be marked done. */
export function LeadsScreen() {
  const ws = useWorkspace();
  const t = useT();
  const f = ws.leads.filter.value;
  useEffect(() => {
    void ws.leads.load().catch(() => undefined);
  }, [f.kind, f.status]);
  const list = ws.leads.list.value;
  return (
    <div class="page">
      <h2>{t('leads.title')}</h2>
      <div class="filters-row">
        <label class="field field-inline">
          <span>{t('leads.kind')}</span>
          <select aria-label={t('leads.kind')} value={f.kind} onChange={(e) => ws.leads.setFilter({ ...f, kind: e.currentTarget.value as LeadKind | '' })}>
            <option value="">{t('filters.any')}</option>
            {LEAD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`leads.kind.${k}` as const)}
              </option>
            ))}
          </select>
        </label>
        <label class="field field-inline">
          <span>{t('leads.status')}</span>
          <select
            aria-label={t('leads.status')}
            value={f.status}
            onChange={(e) => ws.leads.setFilter({ ...f, status: e.currentTarget.value as 'new' | 'done' | '' })}
          >
            <option value="">{t('filters.any')}</option>
            <option value="new">{t('leads.status.new')}</option>
            <option value="done">{t('leads.status.done')}</option>
          </select>
        </label>
      </div>
      {ws.leads.loading.value && list.length === 0 && (
        <p class="empty" role="status">
          {t('app.loading')}
        </p>
      )}
      {!ws.leads.loading.value && list.length === 0 && <p class="empty">{t('leads.none')}</p>}
      <ul class="leads" aria-live="polite">
        {list.map((l) => (
          <LeadItem key={l.id} lead={l} />
        ))}
      </ul>
    </div>
  );
}
