import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { HelpRoutes, type Article } from '@parley/protocol';
import { useT, useWorkspace } from './context';
import { SearchPicker } from './search-picker';

/** "Insert an article link" in the composer: the project's published articles, filtered by title; a pick inserts "Title: link". */
export function ArticlePicker({ onPick, onClose }: { onPick(text: string): void; onClose(): void }) {
  const ws = useWorkspace();
  const t = useT();
  const list = useSignal<Article[] | null>(null);
  useEffect(() => {
    void ws.api.articles().then(
      (all) => (list.value = all.filter((a) => a.status === 'published')),
      () => (list.value = []),
    );
  }, []);
  const project = ws.project.info.value?.id ?? '';
  return (
    <SearchPicker<Article>
      label={t('help.insert')}
      searchLabel={t('help.insert')}
      idPrefix="article"
      search={(q) => {
        const needle = q.trim().toLowerCase();
        return (list.value ?? []).filter((a) => !needle || a.title.toLowerCase().includes(needle)).slice(0, 20);
      }}
      empty={list.value ? t('help.none') : null}
      itemKey={(a) => a.id}
      renderItem={(a) => (
        <>
          <span class="tpl-title">{a.title}</span>
          <span class="tpl-text">{[a.locale, a.category].filter(Boolean).join(' · ')}</span>
        </>
      )}
      onPick={(a) => onPick(`${a.title}: ${location.origin}${HelpRoutes.pageArticle(project, a.id)}`)}
      onClose={onClose}
    />
  );
}
