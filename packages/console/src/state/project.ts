import { signal } from '@preact/signals';
import type { ProjectInfo, ProjectSettings, ProjectStorage } from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';

/** Project settings for the settings screens (admins), saved section by section. */
export function createProject(api: OperatorApi) {
  const info = signal<ProjectInfo | null>(null);
  return {
    info,
    async load(): Promise<ProjectInfo> {
      const p = await api.project();
      info.value = p;
      return p;
    },
    /** PATCH with whole nested objects (the API replaces nested objects, never merges them). */
    async save(patch: { name?: string; settings?: Partial<ProjectSettings> }): Promise<void> {
      info.value = await api.updateProject(patch);
    },
    /** previousExpiresAt: when the old secret stops being accepted (null: when revoked). */
    async rotateSecret(previousExpiresAt: number | null = null): Promise<void> {
      info.value = await api.rotateSecret(previousExpiresAt);
    },
    async revokeSecret(id: string): Promise<void> {
      info.value = await api.revokeSecret(id);
    },
    /** Stored files against the quota (admins). */
    storage: (): Promise<ProjectStorage> => api.storage(),
  };
}
export type Project = ReturnType<typeof createProject>;
