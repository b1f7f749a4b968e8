/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import type { Props } from './store';
import { lazyView } from './lazy-view';

/** The address form loads when the visitor asks for it (transcript-form.tsx). */
const Form = lazyView('transcript', 'the transcript form', () => import('./transcript-form'));

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
  return <Form p={p} />;
}
