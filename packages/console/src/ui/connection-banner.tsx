import { useT, useWorkspace } from './context';

/** Says so when the live connection is down (lists may be stale until it is back). */
export function ConnectionBanner() {
  const ws = useWorkspace();
  const t = useT();
  return ws.socket.status.value === 'offline' ? (
    <p class="banner" role="status">
      {t('connection.offline')}
    </p>
  ) : null;
}
