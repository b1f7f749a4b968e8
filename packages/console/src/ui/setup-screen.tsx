import * as v from 'valibot';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { LOCALES, MAX_NAME_LENGTH, PasswordSchema, type Locale } from '@parley/protocol';
import { ApiFailure } from '../api/http';
import { useApp, useT } from './context';
import { Field } from './field';
import { NATIVE } from './language-select';
import { useSubmit } from './use-submit';
import { FormMessageLine } from './form-message';

/**
 * First run of a production server, opened from the one-time link the server printed
 * (#/setup/TOKEN): the owner's account and the first project, then straight into the console.
 */
export function SetupScreen({ token }: { token: string }) {
  const { api, i18n, router, session } = useApp();
  const t = useT();
  const needed = useSignal<boolean | null>(null);
  const f = { email: useSignal(''), name: useSignal(''), password: useSignal(''), project: useSignal(''), locale: useSignal<Locale>(i18n.locale.value) };
  const { busy, msg, submit } = useSubmit();
  useEffect(() => {
    api.setupStatus().then(
      (s) => {
        needed.value = s.needed;
      },
      () => {
        needed.value = true;
      },
    );
  }, []);
  const toLogin = () => router.navigate({ name: 'inbox', view: 'mine', dialogId: null });
  if (needed.value === false) {
    return (
      <main class="login">
        <div class="card login-card">
          <h1>{t('setup.title')}</h1>
          <p class="notice" role="status">
            {t('setup.already')}
          </p>
          <button type="button" class="btn primary" onClick={toLogin}>
            {t('login.back')}
          </button>
        </div>
      </main>
    );
  }
  return (
    <main class="login">
      <form
        class="card login-card"
        aria-labelledby="setup-title"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(
            async () => {
              if (!v.safeParse(PasswordSchema, f.password.value).success) throw new Error(t('form.passwordRule'));
              const r = await api.setup({
                token,
                email: f.email.value.trim(),
                name: f.name.value.trim(),
                password: f.password.value,
                projectName: f.project.value.trim(),
                locale: f.locale.value,
              });
              router.navigate({ name: 'inbox', view: 'new', dialogId: null });
              session.signedIn(r.operator);
              return null;
            },
            (err) =>
              err instanceof ApiFailure
                ? err.code === 'forbidden' || err.code === 'conflict'
                  ? t('setup.failed')
                  : null
                : err instanceof Error
                  ? err.message
                  : null,
          );
        }}
      >
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p class="muted">{t('setup.intro')}</p>
        <label class="field">
          <span>{t('setup.name')}</span>
          <input
            type="text"
            autocomplete="name"
            required
            maxLength={MAX_NAME_LENGTH}
            value={f.name.value}
            onInput={(e) => {
              f.name.value = e.currentTarget.value;
            }}
          />
        </label>
        <label class="field">
          <span>{t('login.email')}</span>
          <input
            type="email"
            autocomplete="username"
            required
            value={f.email.value}
            onInput={(e) => {
              f.email.value = e.currentTarget.value;
            }}
          />
        </label>
        <Field label={t('login.password')} hint={t('form.passwordRule')}>
          <input
            type="password"
            autocomplete="new-password"
            required
            minLength={8}
            value={f.password.value}
            onInput={(e) => {
              f.password.value = e.currentTarget.value;
            }}
          />
        </Field>
        <label class="field">
          <span>{t('projects.name')}</span>
          <input
            type="text"
            required
            maxLength={MAX_NAME_LENGTH}
            value={f.project.value}
            onInput={(e) => {
              f.project.value = e.currentTarget.value;
            }}
          />
        </label>
        <label class="field">
          <span>{t('projects.locale')}</span>
          <select
            value={f.locale.value}
            onChange={(e) => {
              f.locale.value = e.currentTarget.value as Locale;
            }}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {NATIVE[l]}
              </option>
            ))}
          </select>
        </label>
        <FormMessageLine msg={msg.value} block />
        <button type="submit" class="btn primary" disabled={busy.value}>
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
