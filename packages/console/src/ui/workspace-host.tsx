import { useEffect, useMemo } from 'preact/hooks';
import { createWorkspace } from '../state/workspace';
import { useApp, WorkspaceContext } from './context';
import { Shell } from './shell';

/** Owns the workspace for as long as the operator is signed in. */
export function WorkspaceHost() {
  const app = useApp();
  const ws = useMemo(() => createWorkspace({ window: app.window, api: app.api, session: app.session, i18n: app.i18n, router: app.router }), [app]);
  useEffect(() => () => ws.destroy(), [ws]);
  return (
    <WorkspaceContext.Provider value={ws}>
      <Shell />
    </WorkspaceContext.Provider>
  );
}
