import { useSignal } from '@preact/signals';
import { MAX_NAME_LENGTH } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { SaveBar } from './save-bar';
import type { SaveStatus } from './use-settings-draft';

export function ProjectNameForm() {
  const ws = useWorkspace();
  const t = useT();
  const info = ws.project.info.value;
  const name = useSignal(info?.name ?? '');
  const status = useSignal<SaveStatus | null>(null);
  const saving = useSignal(false);
  return (
    <form
      class="card form"
      onSubmit={async (e) => {
        e.preventDefault();
        saving.value = true;
        status.value = null;
        try {
          await ws.project.save({ name: name.value.trim() });
          status.value = { ok: true, text: t('form.saved') };
        } catch (err) {
          status.value = { ok: false, text: ws.errorText(err) };
        } finally {
          saving.value = false;
        }
      }}
    >
      <h4>{t('project.general')}</h4>
      <p class="muted">
        {t('project.id')}: <code class="selectable">{info?.id}</code>
      </p>
      <label class="field">
        <span>{t('project.name')}</span>
        <input
          type="text"
          required
          maxLength={MAX_NAME_LENGTH}
          value={name.value}
          onInput={(e) => {
            name.value = e.currentTarget.value;
          }}
        />
      </label>
      <SaveBar saving={saving.value} status={status.value} />
    </form>
  );
}
