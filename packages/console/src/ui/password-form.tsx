import * as v from 'valibot';
import { useSignal } from '@preact/signals';
import { PasswordSchema } from '@parley/protocol';
import { useT, useWorkspace } from './context';
import { Field } from './field';

export function PasswordForm() {
  const ws = useWorkspace();
  const t = useT();
  const current = useSignal('');
  const next = useSignal('');
  const msg = useSignal<{ ok: boolean; text: string } | null>(null);
  const busy = useSignal(false);
  return (
    <form
      class="form"
      onSubmit={async (e) => {
        e.preventDefault();
        msg.value = null;
        if (!v.safeParse(PasswordSchema, next.value).success) {
          msg.value = { ok: false, text: t('form.passwordRule') };
          return;
        }
        busy.value = true;
        try {
          ws.session.update(await ws.api.updateMe({ password: { current: current.value, next: next.value } }));
          current.value = '';
          next.value = '';
          msg.value = { ok: true, text: t('form.saved') };
        } catch (err) {
          msg.value = { ok: false, text: ws.errorText(err) };
        } finally {
          busy.value = false;
        }
      }}
    >
      <label class="field">
        <span>{t('profile.currentPassword')}</span>
        <input
          type="password"
          autocomplete="current-password"
          required
          value={current.value}
          onInput={(e) => {
            current.value = e.currentTarget.value;
          }}
        />
      </label>
      <Field label={t('profile.newPassword')} hint={t('form.passwordRule')}>
        <input
          type="password"
          autocomplete="new-password"
          required
          minLength={8}
          value={next.value}
          onInput={(e) => {
            next.value = e.currentTarget.value;
          }}
        />
      </Field>
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={busy.value}>
          {t('profile.changePassword')}
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
