import type { Props } from './store';

/** "Email me this chat": the visitor asks for the transcript, to the address they type. */
export function Transcript({ p }: Props) {
  const { ctx, chat, ui } = p;
  const t = ctx.state.t.value;
  const state = ui.mail.value;
  if (!chat.view.value.dialog) return null;
  if (state === '') {
    return (
      <button type="button" class="lnk tr" onClick={() => (ui.mail.value = 'open')}>
        {t('transcript.open')}
      </button>
    );
  }
  if (state === 'sent')
    return (
      <p class="tr" role="status">
        {t('transcript.sent', { email: ui.mailTo.value })}
      </p>
    );
  return (
    <form
      class="tr row"
      onSubmit={(e) => {
        e.preventDefault();
        ui.mail.value = 'sending';
        void p.transcript(ui.mailTo.value.trim()).then((ok) => (ui.mail.value = ok ? 'sent' : 'failed'));
      }}
    >
      <input
        type="email"
        required
        maxLength={254}
        aria-label={t('transcript.email')}
        placeholder={t('transcript.email')}
        value={ui.mailTo.value}
        onInput={(e) => (ui.mailTo.value = e.currentTarget.value)}
      />
      <button type="submit" class="btn" disabled={state === 'sending'}>
        {t('transcript.send')}
      </button>
      {state === 'failed' && <span role="alert">{t('transcript.failed')}</span>}
    </form>
  );
}
