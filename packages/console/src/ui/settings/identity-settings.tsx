import { useSignal } from '@preact/signals';
import { useApp, useT, useWorkspace } from '../context';
import { CopyButton } from '../copy-button';
import { embedSnippet, identifySnippets } from '../../lib/snippets';

/** The identity keys (owners and admins), one per form, and the code a site owner pastes. */
export function IdentitySettings() {
  const ws = useWorkspace();
  const { window: w } = useApp();
  const t = useT();
  const info = ws.project.info.value;
  const shown = useSignal(false);
  const confirming = useSignal(false);
  const msg = useSignal<{ ok: boolean; text: string } | null>(null);
  if (!info) return null;
  const keys = info.identityKeys;
  const rows = keys
    ? [
      { label: t('identity.hmacKey'), value: keys.hmac, copy: t('identity.copyHmac') },
      { label: t('identity.jwtKey'), value: keys.jwt, copy: t('identity.copyJwt') },
    ]
    : [];
  const embed = embedSnippet(w.location.origin, info.id);
  const server = identifySnippets();

  async function rotate() {
    msg.value = null;
    try {
      await ws.project.rotateSecret();
      confirming.value = false;
      msg.value = { ok: true, text: t('identity.rotated') };
    } catch (e) {
      msg.value = { ok: false, text: ws.errorText(e) };
    }
  }

  return (
    <section>
      <h3>{t('settings.identity')}</h3>
      <div class="card">
        <h4>{t('identity.embed')}</h4>
        <p class="muted">{t('identity.embedHint')}</p>
        <pre class="code selectable"><code>{embed}</code></pre>
        <CopyButton text={embed} label={t('identity.copyEmbed')} />
      </div>
      <div class="card">
        <h4>{t('identity.secret')}</h4>
        <p class="muted">{t('identity.secretHint')}</p>
        {keys
          ? (
            <>
              {rows.map((r) => (
                <p class="secret" key={r.label}>
                  <span class="small muted">{r.label}</span>{' '}
                  <code class="selectable" data-secret-shown={shown.value}>{shown.value ? r.value : '•'.repeat(32)}</code>
                  <CopyButton text={r.value} label={r.copy} />
                </p>
              ))}
              <button type="button" class="btn small" aria-pressed={shown.value} onClick={() => { shown.value = !shown.value; }}>
                {shown.value ? t('identity.hide') : t('identity.show')}
              </button>
            </>
          )
          : <p class="muted">{t('identity.noSecret')}</p>}
        {confirming.value
          ? (
            <p role="group" aria-label={t('identity.rotate')}>
              <span class="error">{t('identity.rotateWarning')}</span>{' '}
              <button type="button" class="btn small danger" onClick={() => void rotate()}>{t('identity.rotateConfirm')}</button>
              <button type="button" class="btn small" onClick={() => { confirming.value = false; }}>{t('action.cancel')}</button>
            </p>
          )
          : <button type="button" class="btn danger" onClick={() => { confirming.value = true; }}>{t('identity.rotate')}</button>}
        {msg.value && <p class={msg.value.ok ? 'ok' : 'error'} role={msg.value.ok ? 'status' : 'alert'}>{msg.value.text}</p>}
      </div>
      <div class="card">
        <h4>{t('identity.signIn')}</h4>
        <p class="muted">{t('identity.signInHint')}</p>
        {server.map((s) => (
          <div key={s.lang}>
            <p class="small muted">{s.lang}</p>
            <pre class="code selectable"><code>{s.code}</code></pre>
          </div>
        ))}
      </div>
    </section>
  );
}
