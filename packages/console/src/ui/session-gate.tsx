import { useEffect } from 'preact/hooks';
import { useApp, useT } from './context';
import { LoginScreen } from './login-screen';
import { WorkspaceHost } from './workspace-host';
import { ResetScreen } from './reset-screen';
import { SetupScreen } from './setup-screen';

/** The sign-in screen (or a one-time link's page) or the signed-in workspace, as the session says. */
export function SessionGate() {
  const { session, router } = useApp();
  const t = useT();
  const phase = session.phase.value;
  const route = router.route.value;
  const oneTime = route.name === 'setup' || route.name === 'reset';
  useEffect(() => {
    // A one-time link opened while signed in has nothing to do.
    if (phase === 'signed-in' && oneTime) router.navigate({ name: 'inbox', view: 'mine', dialogId: null });
  }, [phase, oneTime]);
  if (phase === 'loading')
    return (
      <p class="boot" role="status">
        {t('app.loading')}
      </p>
    );
  if (phase === 'signed-out') {
    if (route.name === 'setup') return <SetupScreen token={route.token} />;
    if (route.name === 'reset') return <ResetScreen token={route.token} />;
    return <LoginScreen />;
  }
  if (oneTime)
    return (
      <p class="boot" role="status">
        {t('app.loading')}
      </p>
    );
  return <WorkspaceHost />;
}
