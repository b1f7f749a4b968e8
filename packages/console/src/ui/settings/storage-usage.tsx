import { useEffect } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { formatBytes, type ProjectStorage } from '@parley/protocol';
import { useApp, useT, useWorkspace } from '../context';

/** How much the project stores against its quota (admins; the quota is the server's setting). */
export function StorageUsage() {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const usage = useSignal<ProjectStorage | null>(null);
  const error = useSignal<string | null>(null);
  useEffect(() => {
    ws.project.storage().then(
      (s) => {
        usage.value = s;
      },
      (e: unknown) => {
        error.value = ws.errorText(e);
      },
    );
  }, []);
  const u = usage.value;
  const locale = i18n.locale.value;
  return (
    <div class="card" aria-live="polite">
      <h4>{t('project.storage')}</h4>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {u && (
        <>
          <p data-testid="storage-usage">
            {t('project.storageUsage', { used: formatBytes(u.bytes, locale), quota: formatBytes(u.quotaBytes, locale), files: u.files })}
          </p>
          <meter min={0} max={u.quotaBytes} value={u.bytes} aria-label={t('project.storage')} />
          <p class="small muted">
            {t('project.storagePending', { pending: formatBytes(u.pendingBytes, locale), minutes: Math.round(u.unattachedTtlMs / 60_000) })}
          </p>
        </>
      )}
    </div>
  );
}
