import { useSignal } from '@preact/signals';
import { MAX_TAG_LENGTH } from '@parley/protocol';
import { tagStyle } from '../../lib/colors';
import { useT, useWorkspace } from '../context';
import { useAction } from '../use-action';

/** The managed tag list: operators pick dialog tags from it; each tag has a colour. */
export function TagsSettings() {
  const ws = useWorkspace();
  const t = useT();
  const name = useSignal('');
  const color = useSignal('#2f6fed');
  const { busy, error, run } = useAction();
  return (
    <section>
      <h3>{t('settings.tags')}</h3>
      <p class="muted">{t('tagdefs.hint')}</p>
      <ul class="tag-defs">
        {ws.team.tags.value.map((tag) => (
          <li key={tag.name}>
            <span class="tag tag-colored" style={tagStyle(tag.color)}>
              {tag.name}
            </span>
            <label class="field-inline">
              <span class="sr-only">{t('tagdefs.color', { tag: tag.name })}</span>
              <input
                type="color"
                value={tag.color}
                onChange={(e) => {
                  const c = e.currentTarget.value;
                  void run(() => ws.team.putTag(tag.name, c));
                }}
              />
            </label>
            <button
              type="button"
              class="btn small danger"
              aria-label={t('tags.remove', { tag: tag.name })}
              onClick={() => void run(() => ws.team.removeTag(tag.name))}
            >
              {t('action.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          const n = name.value.trim();
          if (!n) return;
          void run(async () => {
            await ws.team.putTag(n, color.value);
            name.value = '';
          });
        }}
      >
        <label class="field">
          <span>{t('tagdefs.name')}</span>
          <input
            type="text"
            required
            maxLength={MAX_TAG_LENGTH}
            value={name.value}
            onInput={(e) => {
              name.value = e.currentTarget.value;
            }}
          />
        </label>
        <label class="field">
          <span>{t('tagdefs.newColor')}</span>
          <input
            type="color"
            value={color.value}
            onInput={(e) => {
              color.value = e.currentTarget.value;
            }}
          />
        </label>
        <button type="submit" class="btn primary" disabled={busy.value}>
          {t('tagdefs.add')}
        </button>
      </form>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
    </section>
  );
}
