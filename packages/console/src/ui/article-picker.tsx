import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { HelpRoutes, type Article } from '@parley/protocol';
import { useT, useWorkspace } from './context';

/** "Insert an article link" in the composer: the project's published articles, filtered by title; a pick inserts "Title: link". */
export function ArticlePicker({ onPick, onClose }: { onPick(text: string): void; onClose(): void }) {
  const ws = useWorkspace();
  const t = useT();
  const list = useSignal<Article[] | null>(null);
  const q = useSignal('');
  useEffect(() => {
    void ws.api.articles().then(
      (all) => (list.value = all.filter((a) => a.status === 'published')),
      () => (list.value = []),
    );
  }, []);
  const project = ws.project.info.value?.id ?? '';
  const needle = q.value.trim().toLowerCase();
  const found = (list.value ?? []).filter((a) => !needle || a.title.toLowerCase().includes(needle)).slice(0, 20);
  return (
    <div
      class="popover template-picker"
      role="dialog"
      aria-label={t('help.insert')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <input type="search" aria-label={t('help.insert')} value={q.value} onInput={(e) => (q.value = e.currentTarget.value)} />
      {list.value && found.length === 0 && <p class="empty small">{t('help.none')}</p>}
      <ul role="listbox" aria-label={t('help.insert')}>
        {found.map((a) => (
          <li key={a.id} role="option" aria-selected={false} onClick={() => onPick(`${a.title}: ${location.origin}${HelpRoutes.pageArticle(project, a.id)}`)}>
            <span class="tpl-title">{a.title}</span>
            <span class="tpl-text">{[a.locale, a.category].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
