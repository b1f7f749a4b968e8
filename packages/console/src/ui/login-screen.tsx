import { useSignal } from '@preact/signals';
import { ApiFailure } from '../api/http';
import { describeError } from '../state/errors';
import { useApp, useT } from './context';
import { LanguageSelect } from './language-select';
import { ForgotPassword } from './forgot-password';

export function LoginScreen() {
  const { session, i18n } = useApp();
  const t = useT();
  const email = useSignal('');
  const password = useSignal('');
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const forgot = useSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      await session.login(email.value.trim(), password.value);
    } catch (err) {
      error.value = err instanceof ApiFailure && (err.code === 'unauthorized' || err.code === 'bad_request') ? t('login.failed') : describeError(err, i18n);
    } finally {
      busy.value = false;
    }
  }

  if (forgot.value) {
    return (
      <main class="login">
        <ForgotPassword
          onBack={() => {
            forgot.value = false;
          }}
        />
      </main>
    );
  }
  return (
    <main class="login">
      <form class="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        {session.expiredNotice.value && (
          <p class="notice" role="status">
            {t('login.expired')}
          </p>
        )}
        <label class="field">
          <span>{t('login.email')}</span>
          <input
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email.value}
            onInput={(e) => {
              email.value = e.currentTarget.value;
            }}
          />
        </label>
        <label class="field">
          <span>{t('login.password')}</span>
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password.value}
            onInput={(e) => {
              password.value = e.currentTarget.value;
            }}
          />
        </label>
        {error.value && (
          <p class="error" role="alert">
            {error.value}
          </p>
        )}
        <button type="submit" class="btn primary" disabled={busy.value}>
          {t('login.submit')}
        </button>
        <button
          type="button"
          class="btn link"
          onClick={() => {
            forgot.value = true;
          }}
        >
          {t('login.forgot')}
        </button>
        <LanguageSelect />
      </form>
    </main>
  );
}
