import * as v from 'valibot';
import { useSignal } from '@preact/signals';
import { PasswordSchema } from '@parley/protocol';
import { ApiFailure } from '../api/http';
import { describeError } from '../state/errors';
import { useApp, useT } from './context';
import { Field } from './field';

/** The page a one-time reset link opens (#/reset/TOKEN): a new password, then sign in. */
export function ResetScreen({ token }: { token: string }) {
  const { api, i18n, router } = useApp();
  const t = useT();
  const password = useSignal('');
  const done = useSignal(false);
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const toLogin = () => router.navigate({ name: 'inbox', view: 'mine', dialogId: null });
  return (
    <main class="login">
      <form class="card login-card" aria-labelledby="reset-title" onSubmit={async (e) => {
        e.preventDefault();
        error.value = null;
        if (!v.safeParse(PasswordSchema, password.value).success) {
          error.value = t('form.passwordRule');
          return;
        }
        busy.value = true;
        try {
          await api.resetPassword(token, password.value);
          done.value = true;
        } catch (err) {
          error.value = err instanceof ApiFailure && err.code === 'forbidden' ? t('reset.failed') : describeError(err, i18n);
        } finally {
          busy.value = false;
        }
      }}>
        <h1 id="reset-title">{t('reset.title')}</h1>
        {done.value
          ? <p class="notice" role="status">{t('reset.done')}</p>
          : (
            <Field label={t('reset.password')} hint={t('form.passwordRule')}>
              <input type="password" autocomplete="new-password" required minLength={8} value={password.value} onInput={(e) => { password.value = e.currentTarget.value; }} />
            </Field>
          )}
        {error.value && <p class="error" role="alert">{error.value}</p>}
        {!done.value && <button type="submit" class="btn primary" disabled={busy.value}>{t('reset.submit')}</button>}
        <button type="button" class={done.value ? 'btn primary' : 'btn link'} onClick={toLogin}>{t('login.back')}</button>
      </form>
    </main>
  );
}
