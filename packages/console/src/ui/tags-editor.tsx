import * as v from 'valibot';
import { useSignal } from '@preact/signals';
import { MAX_TAGS_PER_DIALOG, TagSchema, type TagDef } from '@parley/protocol';
import { tagStyle } from '../lib/colors';
import { useT } from './context';

/**
 * Tags of a dialog: coloured chips to remove, a field to add (Enter or comma). When the project
 * keeps a managed tag list, tags are picked from it (suggested as you type); otherwise any tag.
 */
export function TagsEditor({ tags, known, onChange }: { tags: readonly string[]; known: readonly TagDef[]; onChange(tags: string[]): void }) {
  const t = useT();
  const draft = useSignal('');
  const problem = useSignal<string | null>(null);
  const managed = known.length > 0;
  const color = (tag: string) => known.find((k) => k.name === tag)?.color ?? null;

  function add() {
    const parsed = v.safeParse(TagSchema, draft.value.replace(/,/g, ''));
    if (!parsed.success) {
      problem.value = draft.value.trim() ? t('tags.invalid') : null;
      return;
    }
    let tag = parsed.output;
    if (managed) {
      const match = known.find((k) => k.name.toLowerCase() === tag.toLowerCase());
      if (!match) {
        problem.value = t('tags.notInList');
        return;
      }
      tag = match.name;
    }
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
        <span class={`tag ${color(tag) ? 'tag-colored' : ''}`} key={tag} style={tagStyle(color(tag))}>
          {tag}
          <button type="button" class="tag-remove" aria-label={t('tags.remove', { tag })} onClick={() => onChange(tags.filter((x) => x !== tag))}>
            ×
          </button>
        </span>
      ))}
      <input
        type="text"
        class="tag-input"
        placeholder={t('tags.add')}
        aria-label={t('tags.add')}
        value={draft.value}
        maxLength={40}
        list={managed ? 'managed-tags' : undefined}
        onInput={(e) => {
          draft.value = e.currentTarget.value;
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          }
        }}
        onChange={() => {
          if (managed && known.some((k) => k.name === draft.value)) add();
        }}
      />
      {managed && (
        <datalist id="managed-tags">
          {known
            .filter((k) => !tags.includes(k.name))
            .map((k) => (
              <option key={k.name} value={k.name} />
            ))}
        </datalist>
      )}
      {problem.value && (
        <span class="error small" role="alert">
          {problem.value}
        </span>
      )}
    </div>
  );
}
