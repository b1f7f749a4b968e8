import { useEffect, useMemo } from 'preact/hooks';
import { createWorkspace } from '../state/workspace';
import { useApp, useT, WorkspaceContext } from './context';
import { Shell } from './shell';
import { NoProjects } from './no-projects';

/** Owns the workspace of the project on screen for as long as the operator is signed in; a new project, a new workspace. */
export function WorkspaceHost() {
  const app = useApp();
  const t = useT();
  const { projects } = app;
  useEffect(() => {
    void projects.load().catch(() => undefined);
    return () => projects.clear();
  }, [projects]);
  const projectId = projects.current.value;
  if (!projects.loaded.value)
    return (
      <p class="boot" role="status">
        {t('app.loading')}
      </p>
    );
  if (!projectId) return <NoProjects />;
  return <ProjectWorkspace key={projectId} projectId={projectId} />;
}

function ProjectWorkspace({ projectId }: { projectId: string }) {
  const app = useApp();
  const ws = useMemo(
    () => createWorkspace({ window: app.window, api: app.api, session: app.session, i18n: app.i18n, router: app.router, projects: app.projects, projectId }),
    [app, projectId],
  );
  useEffect(() => {
    // The role differs per project: the welcome frame brings this project's, /me now.
    void app.api.me().then(
      (op) => app.session.update(op),
      () => undefined,
    );
    return () => ws.destroy();
  }, [ws]);
  return (
    <WorkspaceContext.Provider value={ws}>
      <Shell />
    </WorkspaceContext.Provider>
  );
}
