import { useApp, useT } from './context';
import { LoginScreen } from './login-screen';
import { WorkspaceHost } from './workspace-host';

/** The sign-in screen or the signed-in workspace, as the session says. */
export function SessionGate() {
  const { session } = useApp();
  const t = useT();
  const phase = session.phase.value;
  if (phase === 'loading') return <p class="boot" role="status">{t('app.loading')}</p>;
  if (phase === 'signed-out') return <LoginScreen />;
  return <WorkspaceHost />;
}
