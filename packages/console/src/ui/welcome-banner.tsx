import { useT, useWorkspace } from './context';
import { useAction } from './use-action';

/**
 * First sign-in: a new operator is Offline (visitors cannot reach them) until they switch to
 * Online. Said plainly, with the switch right here; gone once dismissed or once they are online.
 */
export function WelcomeBanner() {
  const ws = useWorkspace();
  const t = useT();
  const { busy, error, run } = useAction();
  const me = ws.session.me.value;
  if (!me || me.prefs?.welcomed !== false || me.status === 'online') return null;
  const dismiss = () => run(async () => ws.session.update(await ws.api.updateMe({ prefs: { welcomed: true } })));
  return (
    <section class="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">{t('welcome.title')}</h2>
      <p>{t('welcome.offline')}</p>
      <p>{t('welcome.how')}</p>
      <div class="form-actions">
        <button
          type="button"
          class="btn primary"
          disabled={busy.value}
          onClick={() =>
            run(async () => {
              ws.session.update(await ws.api.updateMe({ status: 'online', prefs: { welcomed: true } }));
            })
          }
        >
          {t('welcome.goOnline')}
        </button>
        <button type="button" class="btn" disabled={busy.value} onClick={() => void dismiss()}>
          {t('welcome.later')}
        </button>
      </div>
      {error.value && (
        <p class="error small" role="alert">
          {error.value}
        </p>
      )}
    </section>
  );
}
