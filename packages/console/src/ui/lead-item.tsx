import { useSignal } from '@preact/signals';
import { formatDateTime } from '../lib/format';
import { safeUrl, type Lead } from '@parley/protocol';
import { useApp, useT, useWorkspace } from './context';

export function LeadItem({ lead: l }: { lead: Lead }) {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const error = useSignal<string | null>(null);
  const page = l.page ? safeUrl(l.page) : null;
  const row = (label: string, value: string | null, cls = '') =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd class={`selectable ${cls}`}>{value}</dd>
      </>
    ) : null;
  return (
    <li class={`card lead lead-${l.status}`} data-lead-id={l.id}>
      <header class="lead-head">
        <span class="badge">{t(`leads.kind.${l.kind}` as const)}</span>
        <time dateTime={new Date(l.createdAt).toISOString()}>{formatDateTime(l.createdAt, i18n.locale.value)}</time>
        <span class={`status status-${l.status}`}>{t(`leads.status.${l.status}` as const)}</span>
      </header>
      <dl class="kv">
        {row(t('info.name'), l.name)}
        {row(t('info.phone'), l.phone)}
        {row(t('info.email'), l.email)}
        {row(t('leads.preferredTime'), l.preferredTime)}
        {l.message && (
          <>
            <dt>{t('leads.message')}</dt>
            <dd class="selectable pre">{l.message}</dd>
          </>
        )}
        {l.page && (
          <>
            <dt>{t('leads.page')}</dt>
            <dd class="selectable">
              {page ? (
                <a href={page} target="_blank" rel="noopener noreferrer nofollow">
                  {l.page}
                </a>
              ) : (
                l.page
              )}
            </dd>
          </>
        )}
        {row(t('leads.device'), l.device)}
        {row(t('info.ip'), l.ip)}
      </dl>
      <button
        type="button"
        class="btn small"
        onClick={async () => {
          error.value = null;
          try {
            await ws.leads.mark(l.id, l.status === 'new' ? 'done' : 'new');
          } catch (e) {
            error.value = ws.errorText(e);
          }
        }}
      >
        {l.status === 'new' ? t('leads.markDone') : t('leads.markNew')}
      </button>
      {error.value && (
        <p class="error small" role="alert">
          {error.value}
        </p>
      )}
    </li>
  );
}
