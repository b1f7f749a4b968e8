import { useSignal } from '@preact/signals';
import { MAX_NAME_LENGTH } from '@parley/protocol';
import { useT, useWorkspace } from './context';
import { Field } from './field';

export function ProfileForm() {
  const ws = useWorkspace();
  const t = useT();
  const me = ws.session.me.value;
  const name = useSignal(me?.name ?? '');
  const msg = useSignal<{ ok: boolean; text: string } | null>(null);
  const busy = useSignal(false);
  return (
    <form
      class="form"
      onSubmit={async (e) => {
        e.preventDefault();
        busy.value = true;
        msg.value = null;
        try {
          ws.session.update(await ws.api.updateMe({ name: name.value.trim() }));
          msg.value = { ok: true, text: t('form.saved') };
        } catch (err) {
          msg.value = { ok: false, text: ws.errorText(err) };
        } finally {
          busy.value = false;
        }
      }}
    >
      <Field label={t('profile.name')} hint={t('profile.nameHint')}>
        <input
          type="text"
          required
          maxLength={MAX_NAME_LENGTH}
          value={name.value}
          onInput={(e) => {
            name.value = e.currentTarget.value;
          }}
        />
      </Field>
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={busy.value || !name.value.trim()}>
          {t('action.save')}
        </button>
        {msg.value && (
          <span class={msg.value.ok ? 'ok' : 'error'} role={msg.value.ok ? 'status' : 'alert'}>
            {msg.value.text}
          </span>
        )}
      </div>
    </form>
  );
}
