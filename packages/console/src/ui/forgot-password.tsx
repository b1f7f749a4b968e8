import { useSignal } from '@preact/signals';
import { useApp, useT } from './context';
import { useSubmit } from './use-submit';
import { FormMessageLine } from './form-message';

/**
 * "Forgot your password?": a link by email when the server sends mail; otherwise the exact
 * command an administrator runs on the server. The answer never says whether the address exists.
 */
export function ForgotPassword({ onBack }: { onBack: () => void }) {
  const { api } = useApp();
  const t = useT();
  const email = useSignal('');
  const { busy, msg, submit } = useSubmit();
  return (
    <form
      class="card login-card"
      aria-labelledby="forgot-title"
      onSubmit={(e) => {
        e.preventDefault();
        const address = email.value.trim();
        void submit(async () => ((await api.resetRequest(address)).mail ? t('login.resetSent') : t('login.resetNoMail', { email: address })));
      }}
    >
      <h1 id="forgot-title">{t('login.resetTitle')}</h1>
      <p class="muted">{t('login.resetHint')}</p>
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
      <FormMessageLine msg={msg.value} block />
      <button type="submit" class="btn primary" disabled={busy.value}>
        {t('login.resetSend')}
      </button>
      <button type="button" class="btn link" onClick={onBack}>
        {t('login.back')}
      </button>
    </form>
  );
}
