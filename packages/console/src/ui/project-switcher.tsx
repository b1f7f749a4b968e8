import { useApp, useT, useWorkspace } from './context';

/**
 * The operator's projects, with the number of dialogs waiting in each; choosing one reloads the
 * console in it. Hidden for people in a single project.
 */
export function ProjectSwitcher() {
  const { projects } = useApp();
  const ws = useWorkspace();
  const t = useT();
  const list = projects.list.value;
  if (list.length < 2) return null;
  const here = ws.projectId;
  // This project's count is live from its own lists; the others' come from project.unread frames.
  // (the same rule as the server's: open dialogs this operator may see, with unread visitor messages).
  const visible = ws.isAdmin.value ? ws.lists.views.all.value : ws.lists.views.mine.value.concat(ws.lists.views.new.value);
  const localUnread = visible.filter((d) => d.unread > 0).length;
  return (
    <nav class="projects" aria-label={t('nav.projects')}>
      <ul class="rail-list">
        {list.map((p) => {
          const unread = p.id === here ? localUnread : p.unread;
          return (
            <li key={p.id}>
              <button
                type="button"
                class="rail-link project-link"
                aria-current={p.id === here ? 'true' : undefined}
                data-project-id={p.id}
                onClick={() => projects.select(p.id)}
              >
                <span>{p.name}</span>
                {unread > 0 && (
                  <span class="count" aria-label={t('nav.projects.unread', { name: p.name, n: unread })}>
                    {unread}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
