import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Template } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { TemplateForm } from './template-form';
import { TemplateRow } from './template-row';

/** Answer templates: search (server-side, by title and words in the text), add, edit, delete. */
export function TemplatesSettings() {
  const ws = useWorkspace();
  const t = useT();
  const q = useSignal('');
  const found = useSignal<Template[] | null>(null);
  const all = ws.templates.list.value;

  useEffect(() => {
    const query = q.value.trim();
    if (!query) {
      found.value = null;
      return;
    }
    let live = true;
    const id = setTimeout(() => {
      ws.templates.search(query).then(
        (list) => {
          if (live) found.value = list;
        },
        () => undefined,
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(id);
    };
  }, [q.value, all]);

  const shown = found.value ?? all;
  return (
    <section>
      <h3>{t('settings.templates')}</h3>
      <p class="muted">{t('templates.hint')}</p>
      <label class="field">
        <span>{t('templates.search')}</span>
        <input
          type="search"
          value={q.value}
          onInput={(e) => {
            q.value = e.currentTarget.value;
          }}
        />
      </label>
      {shown.length === 0 ? (
        <p class="empty">{all.length === 0 ? t('templates.none') : t('templates.noMatch')}</p>
      ) : (
        <ul class="template-list">
          {shown.map((tpl) => (
            <TemplateRow key={tpl.id} template={tpl} />
          ))}
        </ul>
      )}
      <div class="card">
        <h4>{t('templates.add')}</h4>
        <TemplateForm />
      </div>
    </section>
  );
}
