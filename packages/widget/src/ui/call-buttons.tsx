/** @jsxRuntime classic */
/** @jsx _h */
/** @jsxFrag _F */
import { h as _h, Fragment as _F } from 'preact';
import type { Props } from './store';
import { Icon } from './icon';

/** The phone and camera icons of the call buttons, and of the call card (the call chunk imports them from here: one chunk, not a chunk of their own). */
export const CALL_ICONS = {
  phone:
    'M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25c1.1.37 2.3.57 3.6.57a1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.6a1 1 0 0 1-.25 1z',
  video: 'M17 10.5V7a1 1 0 0 0-1-1H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3.5l4 4v-11z',
};

/**
 * Call and video call in the header, when the conversation is open: a chunk of its own, loaded
 * only where the project takes calls (header.tsx).
 */
export function View({ p }: Props) {
  const { calls, chat } = p;
  const t = p.ctx.state.t.value;
  if (calls.busy.value || chat.view.value.dialog?.status !== 'open') return null;
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

/** Its styles are the header's. */
export const css = '';
