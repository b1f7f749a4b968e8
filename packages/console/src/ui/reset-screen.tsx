import * as v from 'valibot';
import { useSignal } from '@preact/signals';
import { PasswordSchema } from '@parley/protocol';
import { ApiFailure } from '../api/http';
import { useApp, useT } from './context';
import { Field } from './field';
import { useSubmit } from './use-submit';
import { FormMessageLine } from './form-message';

/** The page a one-time reset link opens (#/reset/TOKEN): a new password, then sign in. */
export function ResetScreen({ token }: { token: string }) {
  const { api, router } = useApp();
  const t = useT();
  const password = useSignal('');
  const done = useSignal(false);
  const { busy, msg, submit } = useSubmit();
  const toLogin = () => router.navigate({ name: 'inbox', view: 'mine', dialogId: null });
  return (
    <main class="login">
      <form
        class="card login-card"
        aria-labelledby="reset-title"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(
            async () => {
              if (!v.safeParse(PasswordSchema, password.value).success) throw new Error(t('form.passwordRule'));
              await api.resetPassword(token, password.value);
              done.value = true;
              return t('reset.done');
            },
            (err) => (err instanceof ApiFailure ? (err.code === 'forbidden' ? t('reset.failed') : null) : err instanceof Error ? err.message : null),
          );
        }}
      >
        <h1 id="reset-title">{t('reset.title')}</h1>
        {!done.value && (
          <Field label={t('reset.password')} hint={t('form.passwordRule')}>
            <input
              type="password"
              autocomplete="new-password"
              required
              minLength={8}
              value={password.value}
              onInput={(e) => {
                password.value = e.currentTarget.value;
              }}
            />
          </Field>
        )}
        <FormMessageLine msg={msg.value} block />
        {!done.value && (
          <button type="submit" class="btn primary" disabled={busy.value}>
            {t('reset.submit')}
          </button>
        )}
        <button type="button" class={done.value ? 'btn primary' : 'btn link'} onClick={toLogin}>
          {t('login.back')}
        </button>
      </form>
    </main>
  );
}
