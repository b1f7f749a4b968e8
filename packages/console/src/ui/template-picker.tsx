import type { Template } from '@parley/protocol';
import { preview } from '../lib/format';
import { searchTemplates } from '../lib/templates';
import { useT, useWorkspace } from './context';
import { SearchPicker } from './search-picker';

/** Quick answers: search by title and by words in the text, pick with Enter or a click. */
export function TemplatePicker({ onPick, onClose }: { onPick(t: Template): void; onClose(): void }) {
  const ws = useWorkspace();
  const t = useT();
  const all = ws.templates.list.value;
  return (
    <SearchPicker<Template>
      label={t('composer.templates')}
      searchLabel={t('templates.search')}
      idPrefix="template"
      search={(q) => searchTemplates(all, q)}
      empty={all.length === 0 ? t('templates.none') : t('templates.noMatch')}
      itemKey={(tpl) => tpl.id}
      renderItem={(tpl) => (
        <>
          <span class="tpl-title">{tpl.title}</span>
          {tpl.shortcut && <span class="shortcut">.{tpl.shortcut}</span>}
          <span class="tpl-text">{preview(tpl.text, 120)}</span>
        </>
      )}
      onPick={onPick}
      onClose={onClose}
    />
  );
}
