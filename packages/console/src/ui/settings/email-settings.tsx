import { useSignal } from '@preact/signals';
import { useT, useWorkspace } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

/**
 * The project's email: replies to away visitors (sender name, reply-to domain), the team address
 * for new leads, alerts to offline assignees, and a test email through the server's SMTP settings.
 */
export function EmailSettings() {
  const ws = useWorkspace();
  const t = useT();
  const s = useSettingsDraft('email');
  const d = s.draft.value.email;
  const to = useSignal(ws.session.me.value?.email ?? '');
  const testing = useSignal(false);
  const result = useSignal<{ ok: boolean; text: string } | null>(null);

  async function test() {
    testing.value = true;
    result.value = null;
    try {
      const r = await ws.api.testEmail(to.value.trim() || undefined);
      result.value = r.sent ? { ok: true, text: t('email.testSent', { to: r.to }) } : { ok: false, text: t('email.testFailed', { error: r.error ?? '' }) };
    } catch (e) {
      result.value = { ok: false, text: ws.errorText(e) };
    } finally {
      testing.value = false;
    }
  }

  return (
    <>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          void s.save();
        }}
      >
        <h3>{t('settings.email')}</h3>
        <fieldset>
          <legend>{t('email.replies')}</legend>
          <label class="check">
            <input
              type="checkbox"
              checked={d.replies}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                s.update((x) => {
                  x.email.replies = on;
                });
              }}
            />
            <span>{t('email.repliesOn')}</span>
          </label>
          <label class="field">
            <span>{t('email.senderName')}</span>
            <input
              type="text"
              maxLength={100}
              value={d.senderName}
              onInput={(e) => {
                const val = e.currentTarget.value;
                s.update((x) => {
                  x.email.senderName = val;
                });
              }}
            />
            <small class="muted">{t('email.senderNameHint')}</small>
          </label>
          <label class="field">
            <span>{t('email.replyDomain')}</span>
            <input
              type="text"
              maxLength={253}
              placeholder="reply.example.com"
              value={d.replyDomain}
              onInput={(e) => {
                const val = e.currentTarget.value.trim();
                s.update((x) => {
                  x.email.replyDomain = val;
                });
              }}
            />
            <small class="muted">{t('email.replyDomainHint')}</small>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('email.team')}</legend>
          <label class="field">
            <span>{t('email.teamAddress')}</span>
            <input
              type="email"
              maxLength={254}
              value={d.teamAddress}
              onInput={(e) => {
                const val = e.currentTarget.value.trim();
                s.update((x) => {
                  x.email.teamAddress = val;
                });
              }}
            />
            <small class="muted">{t('email.teamAddressHint')}</small>
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={d.operatorAlerts}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                s.update((x) => {
                  x.email.operatorAlerts = on;
                });
              }}
            />
            <span>{t('email.alertsOn')}</span>
          </label>
        </fieldset>
        <SaveBar saving={s.saving.value} status={s.status.value} />
      </form>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          void test();
        }}
      >
        <h3>{t('email.test')}</h3>
        <label class="field">
          <span>{t('email.testTo')}</span>
          <input
            type="email"
            maxLength={254}
            value={to.value}
            onInput={(e) => {
              to.value = e.currentTarget.value;
            }}
          />
        </label>
        <div class="form-actions">
          <button type="submit" class="btn" disabled={testing.value}>
            {t('email.testSend')}
          </button>
          {result.value && (
            <span class={result.value.ok ? 'ok' : 'error'} role={result.value.ok ? 'status' : 'alert'}>
              {result.value.text}
            </span>
          )}
        </div>
      </form>
    </>
  );
}
