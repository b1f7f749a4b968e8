/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import { WidgetRoutes } from '@parley/protocol';
import type { Props } from './store';

export const css = '.tr input{flex:1;min-width:0}';

/** The transcript's address form (transcript.tsx shows the link that opens it, and the result). */
export function View({ p }: Props) {
  const { ctx, ui } = p;
  const t = ctx.state.t.value;
  const state = ui.mail.value;
  return (
    <form
      class="tr row"
      onSubmit={(e) => {
        e.preventDefault();
        ui.mail.value = 'sending';
        void p.post(WidgetRoutes.transcript, { to: ui.mailTo.value.trim() }).then((ok) => (ui.mail.value = ok ? 'sent' : 'failed'));
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
