import * as v from 'valibot';
import { useSignal } from '@preact/signals';
import { ProjectSettingsSchema, type ProjectSettings } from '@parley/protocol';
import { useT, useWorkspace } from '../context';

export type SettingsKey = Exclude<keyof ProjectSettings, 'project' | 'name'>;
export interface SaveStatus {
  ok: boolean;
  text: string;
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

function pick<K extends SettingsKey>(s: ProjectSettings, keys: readonly K[]): Pick<ProjectSettings, K> {
  const out = {} as Pick<ProjectSettings, K>;
  for (const k of keys) out[k] = clone(s[k]);
  return out;
}

/**
 * A local copy of some parts of the project settings, validated with the protocol schemas and
 * saved whole (the API replaces nested objects, never merges them).
 */
export function useSettingsDraft<K extends SettingsKey>(...keys: K[]) {
  const ws = useWorkspace();
  const t = useT();
  const info = ws.project.info.value;
  if (!info) throw new Error('project not loaded');
  const draft = useSignal<Pick<ProjectSettings, K>>(pick(info.settings, keys));
  const status = useSignal<SaveStatus | null>(null);
  const saving = useSignal(false);

  async function save(check?: () => string | null): Promise<void> {
    status.value = null;
    const problem = check?.() ?? null;
    if (problem) {
      status.value = { ok: false, text: problem };
      return;
    }
    const patch: Partial<ProjectSettings> = {};
    const bad: string[] = [];
    for (const k of keys) {
      const parsed = v.safeParse(ProjectSettingsSchema.entries[k], draft.value[k]);
      if (parsed.success) (patch as Record<string, unknown>)[k] = parsed.output;
      else bad.push(...parsed.issues.map((i) => [k, v.getDotPath(i)].filter(Boolean).join('.')));
    }
    if (bad.length > 0) {
      status.value = { ok: false, text: t('form.invalidFields', { fields: [...new Set(bad)].join(', ') }) };
      return;
    }
    saving.value = true;
    try {
      await ws.project.save({ settings: patch });
      const fresh = ws.project.info.peek();
      if (fresh) draft.value = pick(fresh.settings, keys);
      status.value = { ok: true, text: t('form.saved') };
    } catch (e) {
      status.value = { ok: false, text: ws.errorText(e) };
    } finally {
      saving.value = false;
    }
  }

  return {
    draft,
    status,
    saving,
    save,
    /** Change a copy of the draft (signals notice a new object, not a mutation). */
    update(fn: (d: Pick<ProjectSettings, K>) => void): void {
      const next = clone(draft.value);
      fn(next);
      draft.value = next;
    },
  };
}
