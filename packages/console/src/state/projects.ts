import { computed, signal } from '@preact/signals';
import type { Locale, ProjectSummary } from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';

const KEY = 'parley.console.project';

/**
 * The signed-in operator's projects (the switcher) and the one the console shows. The choice is
 * remembered per browser; a project that is gone (deleted, or no longer theirs) falls back to the
 * first one. Counts of the other projects arrive as project.unread frames.
 */
export function createProjects(api: OperatorApi, storage: Storage | null) {
  const list = signal<ProjectSummary[]>([]);
  const loaded = signal(false);
  const current = signal<string | null>(read());
  const currentProject = computed(() => list.value.find((p) => p.id === current.value) ?? null);

  function read(): string | null {
    try {
      return storage?.getItem(KEY) ?? null;
    } catch {
      return null;
    }
  }
  function remember(id: string | null): void {
    try {
      if (id) storage?.setItem(KEY, id);
      else storage?.removeItem(KEY);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
  function choose(id: string | null): void {
    if (current.value !== id) current.value = id;
    remember(id);
  }
  /** Keeps the choice if it is still one of the operator's projects, else the first one (or none). */
  function settle(): void {
    const ids = list.value.map((p) => p.id);
    if (current.value === null || !ids.includes(current.value)) choose(ids[0] ?? null);
  }

  return {
    list,
    loaded,
    current,
    currentProject,
    async load(): Promise<void> {
      list.value = await api.projects();
      loaded.value = true;
      settle();
    },
    select(id: string): void {
      if (list.value.some((p) => p.id === id)) choose(id);
    },
    unread(projectId: string, unread: number): void {
      list.value = list.value.map((p) => (p.id === projectId ? { ...p, unread } : p));
    },
    async create(name: string, locale: Locale): Promise<ProjectSummary> {
      const p = await api.createProject(name, locale);
      list.value = [...list.value, p];
      return p;
    },
    async rename(id: string, name: string): Promise<void> {
      const p = await api.renameProject(id, name);
      list.value = list.value.map((x) => (x.id === id ? p : x));
    },
    async remove(id: string): Promise<void> {
      await api.deleteProject(id);
      list.value = list.value.filter((x) => x.id !== id);
      settle();
    },
    /** Signed out: forget the list (the choice stays, for the next sign-in on this browser). */
    clear(): void {
      list.value = [];
      loaded.value = false;
    },
  };
}
export type Projects = ReturnType<typeof createProjects>;
