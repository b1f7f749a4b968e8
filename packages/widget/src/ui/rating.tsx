import { MAX_RATING_COMMENT_LENGTH } from '@parley/protocol';
import type { Props } from './store';
import { Icon, PATHS } from './icon';

export const css = `
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
              <Icon d={PATHS.star} />
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
