/** @jsxRuntime classic */
/** @jsx _h */
/** @jsxFrag _F */
import { h as _h, Fragment as _F } from 'preact';
import { MAX_RATING_COMMENT_LENGTH } from '@parley/protocol';
import type { Props } from './store';
import { Icon } from './icon';

/** A star of the rating (here and in requests.tsx: each its own chunk, none in the chat's). */
const STAR = 'M12 17.3 18.2 21l-1.6-7L22 9.2l-7.2-.6L12 2 9.2 8.6 2 9.2 7.5 14l-1.7 7z';

// The form's rules here, not in the panel's styles (which a visitor who only chats loads): the
// stars are also in requests-css.ts, labels in form-field.tsx.
export const css = `
label{display:flex;flex-direction:column;gap:4px;font-size:13px;font-weight:600}
fieldset{border:0;margin:0;padding:0}
legend{padding:0;margin-bottom:4px;font-weight:600}
.stars{display:flex}
.stars label{cursor:pointer;border-radius:6px}
.stars label:focus-within{outline:2px solid var(--pt);outline-offset:2px}
.stars svg{width:30px;height:30px;fill:var(--bd)}
.stars .on svg{fill:#f59e0b}
.rt{border-top:1px solid var(--bd);padding:8px;display:flex;flex-direction:column;gap:8px;font-size:14px}
`;

/** Rating 1 to 5 with an optional comment, offered once a dialog is closed. */
export function Rating({ p }: Props) {
  const { ctx, chat, ui } = p;
  const { state } = ctx;
  const t = state.t.value;
  const dialog = chat.view.value.dialog;
  const request = chat.rating.value;
  const score = ui.score.value;
  const comment = ui.comment.value;
  const enabled = state.config.value?.rating.enabled;
  if (!enabled || !dialog || dialog.status !== 'closed' || ui.skipped.value === dialog.id) return null;
  if (request.status === 'sent') {
    return (
      <div class="rt" role="status">
        {t('rating.thanks')}
      </div>
    );
  }
  if (dialog.rating) return null;
  return (
    <form
      class="rt"
      onSubmit={(e) => {
        e.preventDefault();
        if (score > 0) void chat.submitRating(score, comment.trim() || undefined);
      }}
    >
      <fieldset>
        <legend>{t('rating.title')}</legend>
        <div class="stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= score ? 'on' : ''}>
              <input type="radio" class="sr" name="parley-rating" value={n} checked={score === n} onChange={() => (ui.score.value = n)} />
              <Icon d={STAR} />
              <span class="sr">{t('rating.star', { n })}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {score > 0 && (
        <>
          <label class="lb">
            {t('rating.comment')}
            <textarea rows={2} maxLength={MAX_RATING_COMMENT_LENGTH} value={comment} onInput={(e) => (ui.comment.value = e.currentTarget.value)} />
          </label>
          <button type="submit" class="btn" disabled={request.status === 'pending'}>
            {t('rating.submit')}
          </button>
        </>
      )}
      {request.status === 'error' && (
        <div class="er" role="alert">
          {request.message}
        </div>
      )}
      <button type="button" class="lnk" onClick={() => (ui.skipped.value = dialog.id)}>
        {t('rating.skip')}
      </button>
    </form>
  );
}

export { Rating as View };
