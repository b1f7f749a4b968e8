/** @jsxRuntime classic */
/** @jsx _h */
/** @jsxFrag _F */
import { h as _h, Fragment as _F } from 'preact';
import type { Props } from './store';
import { Icon } from './icon';
import { CALL_ICONS } from './call-icons';

/** Call and video call in the header, when the project takes calls and the conversation is open. */
export function CallButtons({ p }: Props) {
  const { calls, chat } = p;
  const t = p.ctx.state.t.value;
  if (!calls.enabled.value || calls.busy.value || chat.view.value.dialog?.status !== 'open') return null;
  return (
    <>
      <button type="button" class="x" aria-label={t('call.audio')} onClick={() => calls.start(false)}>
        <Icon d={CALL_ICONS.phone} />
      </button>
      <button type="button" class="x" aria-label={t('call.video')} onClick={() => calls.start(true)}>
        <Icon d={CALL_ICONS.video} />
      </button>
    </>
  );
}
