import { signal } from '@preact/signals';
import type { Group, TagDef } from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';

/** The project's groups (departments) and managed tag list with colours. */
export function createTeam(api: OperatorApi) {
  const groups = signal<Group[]>([]);
  const tags = signal<TagDef[]>([]);
  return {
    groups,
    tags,
    async load(): Promise<void> {
      const [g, t] = await Promise.all([api.groups(), api.tagDefs()]);
      groups.value = g;
      tags.value = t;
    },
    groupName: (id: string | null) => (id ? (groups.value.find((g) => g.id === id)?.name ?? null) : null),
    tagColor: (name: string) => tags.value.find((t) => t.name === name)?.color ?? null,
    async saveGroup(id: string | null, body: { name: string; operatorIds: string[] }): Promise<void> {
      const g = id ? await api.updateGroup(id, body) : await api.createGroup(body);
      groups.value = [...groups.value.filter((x) => x.id !== g.id), g].sort((a, b) => a.name.localeCompare(b.name));
    },
    async removeGroup(id: string): Promise<void> {
      await api.removeGroup(id);
      groups.value = groups.value.filter((g) => g.id !== id);
    },
    async putTag(name: string, color: string): Promise<void> {
      tags.value = await api.putTagDef(name, color);
    },
    async removeTag(name: string): Promise<void> {
      tags.value = await api.removeTagDef(name);
    },
  };
}
export type Team = ReturnType<typeof createTeam>;
