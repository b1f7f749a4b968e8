import { useSignal } from '@preact/signals';
import { describeError } from '../state/errors';
import { useApp, useT } from './context';

/**
 * "Forgot your password?": a link by email when the server sends mail; otherwise the exact
 * command an administrator runs on the server. The answer never says whether the address exists.
 */
export function ForgotPassword({ onBack }: { onBack: () => void }) {
  const { api, i18n } = useApp();
  const t = useT();
  const email = useSignal('');
  const result = useSignal<{ ok: boolean; text: string } | null>(null);
  const busy = useSignal(false);
  return (
    <form class="card login-card" aria-labelledby="forgot-title" onSubmit={async (e) => {
      e.preventDefault();
      busy.value = true;
      result.value = null;
      try {
        const r = await api.resetRequest(email.value.trim());
        result.value = { ok: true, text: r.mail ? t('login.resetSent') : t('login.resetNoMail', { email: email.value.trim() }) };
      } catch (err) {
        result.value = { ok: false, text: describeError(err, i18n) };
      } finally {
        busy.value = false;
      }
    }}>
      <h1 id="forgot-title">{t('login.resetTitle')}</h1>
      <p class="muted">{t('login.resetHint')}</p>
      <label class="field">
        <span>{t('login.email')}</span>
        <input type="email" name="email" autocomplete="username" required value={email.value} onInput={(e) => { email.value = e.currentTarget.value; }} />
      </label>
      {result.value && <p class={result.value.ok ? 'notice selectable' : 'error'} role={result.value.ok ? 'status' : 'alert'}>{result.value.text}</p>}
      <button type="submit" class="btn primary" disabled={busy.value}>{t('login.resetSend')}</button>
      <button type="button" class="btn link" onClick={onBack}>{t('login.back')}</button>
    </form>
  );
}
