import { useApp, useT } from './context';
import { CreateProjectForm } from './settings/create-project-form';

/** Signed in, but in no project: workspace admins create the first one; others wait to be added. */
export function NoProjects() {
  const { session } = useApp();
  const t = useT();
  const me = session.me.value;
  const canCreate = !!me?.workspaceRole;
  return (
    <main class="page" id="main">
      <h1>Parley</h1>
      <p>{canCreate ? t('projects.noneAdmin') : t('projects.none')}</p>
      {canCreate && <CreateProjectForm />}
      <button type="button" class="btn" onClick={() => void session.logout()}>
        {t('profile.logout')}
      </button>
    </main>
  );
}
