import * as v from 'valibot';
import { useSignal } from '@preact/signals';
import { MAX_TAGS_PER_DIALOG, TagSchema } from '@parley/protocol';
import { useT } from './context';

/** Tags of a dialog: chips to remove, a field to add (Enter or comma). */
export function TagsEditor({ tags, onChange }: { tags: readonly string[]; onChange(tags: string[]): void }) {
  const t = useT();
  const draft = useSignal('');
  const problem = useSignal<string | null>(null);

  function add() {
    const parsed = v.safeParse(TagSchema, draft.value.replace(/,/g, ''));
    if (!parsed.success) {
      problem.value = draft.value.trim() ? t('tags.invalid') : null;
      return;
    }
    const tag = parsed.output;
    draft.value = '';
    problem.value = null;
    if (tags.some((x) => x.toLowerCase() === tag.toLowerCase())) return;
    if (tags.length >= MAX_TAGS_PER_DIALOG) {
      problem.value = t('tags.tooMany', { n: MAX_TAGS_PER_DIALOG });
      return;
    }
    onChange([...tags, tag]);
  }

  return (
    <div class="tags-editor" role="group" aria-label={t('tags.label')}>
      {tags.map((tag) => (
        <span class="tag" key={tag}>
          {tag}
          <button type="button" class="tag-remove" aria-label={t('tags.remove', { tag })} onClick={() => onChange(tags.filter((x) => x !== tag))}>×</button>
        </span>
      ))}
      <input
        type="text" class="tag-input" placeholder={t('tags.add')} aria-label={t('tags.add')} value={draft.value} maxLength={40}
        onInput={(e) => { draft.value = e.currentTarget.value; }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          }
        }}
      />
      {problem.value && <span class="error small" role="alert">{problem.value}</span>}
    </div>
  );
}
