import { useSignal } from '@preact/signals';
import { useT, useWorkspace } from './context';
import { Field } from './field';
import { useSubmit } from './use-submit';
import { FormMessageLine } from './form-message';

/** One's own sign-in email; the current password proves it is really them. */
export function EmailForm() {
  const ws = useWorkspace();
  const t = useT();
  const me = ws.session.me.value;
  const email = useSignal(me?.email ?? '');
  const password = useSignal('');
  const { busy, msg, submit } = useSubmit();
  const changed = !!me && email.value.trim().toLowerCase() !== me.email;
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(async () => {
          ws.session.update(await ws.api.updateMe({ email: email.value.trim(), currentPassword: password.value }));
          password.value = '';
          return t('form.saved');
        });
      }}
    >
      <Field label={t('profile.email')} hint={t('profile.emailHint')}>
        <input
          type="email"
          required
          autocomplete="username"
          value={email.value}
          onInput={(e) => {
            email.value = e.currentTarget.value;
          }}
        />
      </Field>
      {changed && (
        <label class="field">
          <span>{t('profile.currentPassword')}</span>
          <input
            type="password"
            required
            autocomplete="current-password"
            value={password.value}
            onInput={(e) => {
              password.value = e.currentTarget.value;
            }}
          />
        </label>
      )}
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={busy.value || !changed}>
          {t('action.save')}
        </button>
        <FormMessageLine msg={msg.value} />
      </div>
    </form>
  );
}
