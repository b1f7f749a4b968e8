import { signal } from '@preact/signals';
import type { Template } from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';

export type TemplateInput = { title: string; text: string; shortcut: string | null };

/** Answer templates, loaded once per session and kept in step with edits made here. */
export function createTemplates(api: OperatorApi) {
  const list = signal<Template[]>([]);
  const loaded = signal(false);

  function put(t: Template): void {
    const i = list.value.findIndex((x) => x.id === t.id);
    list.value = i >= 0 ? list.value.map((x) => (x.id === t.id ? t : x)) : [...list.value, t];
  }

  return {
    list,
    loaded,
    async load(): Promise<void> {
      list.value = await api.templates();
      loaded.value = true;
    },
    /** Server-side search (GET templates?q=), for the templates settings screen. */
    search: (q: string) => api.templates(q),
    async create(input: TemplateInput): Promise<Template> {
      const t = await api.createTemplate(input);
      put(t);
      return t;
    },
    async update(id: string, input: TemplateInput): Promise<Template> {
      const t = await api.updateTemplate(id, input);
      put(t);
      return t;
    },
    async remove(id: string): Promise<void> {
      await api.removeTemplate(id);
      list.value = list.value.filter((t) => t.id !== id);
    },
  };
}
export type Templates = ReturnType<typeof createTemplates>;
