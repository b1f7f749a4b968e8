import { useSignal } from '@preact/signals';
import { MAX_NAME_LENGTH, type ProjectSummary } from '@parley/protocol';
import { describeError } from '../../state/errors';
import { useApp, useT } from '../context';
import { CreateProjectForm } from './create-project-form';

/** The workspace's projects: create, rename, delete (workspace owner and admins). */
export function ProjectsSettings() {
  const { projects, session } = useApp();
  const t = useT();
  if (!session.me.value?.workspaceRole) return <p class="empty">{t('settings.adminsOnly')}</p>;
  return (
    <section>
      <h3>{t('projects.title')}</h3>
      <p class="muted">{t('projects.hint')}</p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('projects.name')}</th>
            <th scope="col">{t('projects.id')}</th>
            <th scope="col">{t('projects.yourRole')}</th>
            <th scope="col">
              <span class="sr-only">{t('operators.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {projects.list.value.map((p) => (
            <ProjectRow key={p.id} project={p} />
          ))}
        </tbody>
      </table>
      <div class="card">
        <h4>{t('projects.create')}</h4>
        <CreateProjectForm />
      </div>
    </section>
  );
}

function ProjectRow({ project: p }: { project: ProjectSummary }) {
  const { projects, i18n } = useApp();
  const t = useT();
  const mode = useSignal<'view' | 'rename' | 'delete'>('view');
  const name = useSignal(p.name);
  const confirmId = useSignal('');
  const error = useSignal<string | null>(null);
  async function run(action: () => Promise<void>) {
    error.value = null;
    try {
      await action();
      mode.value = 'view';
    } catch (e) {
      error.value = describeError(e, i18n);
    }
  }
  return (
    <tr data-project-id={p.id}>
      <td>
        {mode.value === 'rename' ? (
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => projects.rename(p.id, name.value.trim()));
            }}
          >
            <input
              type="text"
              aria-label={t('projects.name')}
              required
              maxLength={MAX_NAME_LENGTH}
              value={name.value}
              onInput={(e) => {
                name.value = e.currentTarget.value;
              }}
            />
            <button type="submit" class="btn small primary">
              {t('action.save')}
            </button>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                mode.value = 'view';
              }}
            >
              {t('action.cancel')}
            </button>
          </form>
        ) : (
          p.name
        )}
      </td>
      <td>
        <code class="selectable">{p.id}</code>
      </td>
      <td>{t(`role.${p.role}` as const)}</td>
      <td class="row-actions">
        {mode.value === 'view' && (
          <>
            <button type="button" class="btn small" onClick={() => projects.select(p.id)}>
              {t('projects.open')}
            </button>
            <button
              type="button"
              class="btn small"
              aria-label={t('projects.renameNamed', { name: p.name })}
              onClick={() => {
                name.value = p.name;
                mode.value = 'rename';
              }}
            >
              {t('projects.rename')}
            </button>
            <button
              type="button"
              class="btn small danger"
              aria-label={t('projects.deleteNamed', { name: p.name })}
              onClick={() => {
                confirmId.value = '';
                mode.value = 'delete';
              }}
            >
              {t('projects.delete')}
            </button>
          </>
        )}
        {mode.value === 'delete' && (
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (confirmId.value.trim() === p.id) void run(() => projects.remove(p.id));
            }}
          >
            <span class="error">{t('projects.deleteConfirm', { name: p.name })}</span>
            <input
              type="text"
              aria-label={t('projects.id')}
              autocomplete="off"
              value={confirmId.value}
              onInput={(e) => {
                confirmId.value = e.currentTarget.value;
              }}
            />
            <button type="submit" class="btn small danger" disabled={confirmId.value.trim() !== p.id}>
              {t('projects.delete')}
            </button>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                mode.value = 'view';
              }}
            >
              {t('action.cancel')}
            </button>
          </form>
        )}
        {error.value && (
          <span class="error small" role="alert">
            {error.value}
          </span>
        )}
      </td>
    </tr>
  );
}
