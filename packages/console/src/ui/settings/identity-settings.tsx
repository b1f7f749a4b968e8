import { useSignal } from '@preact/signals';
import type { IdentitySecret } from '@parley/protocol';
import { useApp, useT, useWorkspace } from '../context';
import { CopyButton } from '../copy-button';
import { embedSnippet, identifySnippets } from '../../lib/snippets';

const DAY = 86_400_000;
/** How long the previous secret stays accepted after a rotation (0: until revoked). */
const KEEP_CHOICES = [0, 1, 7, 30] as const;

/** A secret, shown as its keys (one per form), hidden until asked for, each with copy. */
function SecretKeys({ s }: { s: IdentitySecret }) {
  const t = useT();
  const shown = useSignal(false);
  const rows = [
    { label: t('identity.hmacKey'), value: s.keys.hmac, copy: t('identity.copyHmac') },
    { label: t('identity.jwtKey'), value: s.keys.jwt, copy: t('identity.copyJwt') },
  ];
  return (
    <>
      {rows.map((r) => (
        <p class="secret" key={r.label}>
          <span class="small muted">{r.label}</span>{' '}
          <code class="selectable" data-secret-shown={shown.value}>
            {shown.value ? r.value : '•'.repeat(32)}
          </code>
          <CopyButton text={r.value} label={r.copy} />
        </p>
      ))}
      <button
        type="button"
        class="btn small"
        aria-pressed={shown.value}
        onClick={() => {
          shown.value = !shown.value;
        }}
      >
        {shown.value ? t('identity.hide') : t('identity.show')}
      </button>
    </>
  );
}

/**
 * The identity keys (owners and admins), one per form, and the code a site owner pastes. Rotation
 * never logs anyone out: the old secret's keys stay accepted as the previous ones until they are
 * revoked here or the chosen number of days has passed.
 */
export function IdentitySettings() {
  const ws = useWorkspace();
  const { window: w, i18n } = useApp();
  const t = useT();
  const info = ws.project.info.value;
  const confirming = useSignal(false);
  const keepDays = useSignal<(typeof KEEP_CHOICES)[number]>(0);
  const msg = useSignal<{ ok: boolean; text: string } | null>(null);
  if (!info) return null;
  const secrets = info.secrets ?? (info.identityKeys ? [{ id: 'current', keys: info.identityKeys, current: true, createdAt: 0, expiresAt: null }] : []);
  const current = secrets.find((s) => s.current);
  const previous = secrets.find((s) => !s.current);
  const embed = embedSnippet(w.location.origin, info.id);
  const server = identifySnippets();
  const date = (ms: number) => new Intl.DateTimeFormat(i18n.locale.value, { dateStyle: 'long', timeStyle: 'short' }).format(ms);

  async function act(action: () => Promise<void>, ok: string) {
    msg.value = null;
    try {
      await action();
      confirming.value = false;
      msg.value = { ok: true, text: ok };
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
        <pre class="code selectable">
          <code>{embed}</code>
        </pre>
        <CopyButton text={embed} label={t('identity.copyEmbed')} />
      </div>
      <div class="card">
        <h4>{t('identity.secret')}</h4>
        <p class="muted">{t('identity.secretHint')}</p>
        {!current && <p class="muted">{t('identity.noSecret')}</p>}
        {current && (
          <div data-secret="current">
            <h5>{t('identity.current')}</h5>
            <SecretKeys s={current} />
          </div>
        )}
        {previous && (
          <div data-secret="previous">
            <h5>{t('identity.previous')}</h5>
            <SecretKeys s={previous} />
            <p class="muted">{previous.expiresAt ? t('identity.previousUntil', { date: date(previous.expiresAt) }) : t('identity.previousUntilRevoked')}</p>
            <button type="button" class="btn small danger" onClick={() => void act(() => ws.project.revokeSecret(previous.id), t('identity.revoked'))}>
              {t('identity.revoke')}
            </button>
          </div>
        )}
        {current &&
          (confirming.value ? (
            <div role="group" aria-label={t('identity.rotate')} class="form">
              <p>{t('identity.rotateWarning')}</p>
              <label class="field field-inline">
                <span>{t('identity.keepPrevious')}</span>
                <select
                  value={String(keepDays.value)}
                  onChange={(e) => {
                    keepDays.value = Number(e.currentTarget.value) as (typeof KEEP_CHOICES)[number];
                  }}
                >
                  {KEEP_CHOICES.map((d) => (
                    <option key={d} value={String(d)}>
                      {d === 0 ? t('identity.keepUntilRevoked') : t('identity.keepDays', { n: d })}
                    </option>
                  ))}
                </select>
              </label>
              <div class="form-actions">
                <button
                  type="button"
                  class="btn danger"
                  onClick={() =>
                    void act(() => ws.project.rotateSecret(keepDays.value === 0 ? null : Date.now() + keepDays.value * DAY), t('identity.rotated'))
                  }
                >
                  {t('identity.rotateConfirm')}
                </button>
                <button
                  type="button"
                  class="btn"
                  onClick={() => {
                    confirming.value = false;
                  }}
                >
                  {t('action.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <button
              type="button"
              class="btn"
              onClick={() => {
                confirming.value = true;
              }}
            >
              {t('identity.rotate')}
            </button>
          ))}
        {msg.value && (
          <p class={msg.value.ok ? 'ok' : 'error'} role={msg.value.ok ? 'status' : 'alert'}>
            {msg.value.text}
          </p>
        )}
      </div>
      <div class="card">
        <h4>{t('identity.signIn')}</h4>
        <p class="muted">{t('identity.signInHint')}</p>
        {server.map((s) => (
          <div key={s.lang}>
            <p class="small muted">{s.lang}</p>
            <pre class="code selectable">
              <code>{s.code}</code>
            </pre>
          </div>
        ))}
      </div>
    </section>
  );
}
