import { useSignal } from '@preact/signals';
import type { Template } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { TemplateForm } from './template-form';

export function TemplateRow({ template: tpl }: { template: Template }) {
  const ws = useWorkspace();
  const t = useT();
  const editing = useSignal(false);
  const confirming = useSignal(false);
  const error = useSignal<string | null>(null);
  if (editing.value) {
    return (
      <li class="card" data-template-id={tpl.id}>
        <TemplateForm
          template={tpl}
          onDone={() => {
            editing.value = false;
          }}
        />
      </li>
    );
  }
  return (
    <li class="card template" data-template-id={tpl.id}>
      <p class="tpl-title">
        {tpl.title} {tpl.shortcut && <span class="shortcut">.{tpl.shortcut}</span>}
      </p>
      <p class="pre">{tpl.text}</p>
      <div class="row-actions">
        {confirming.value ? (
          <>
            <span>{t('templates.confirmRemove')}</span>
            <button
              type="button"
              class="btn small danger"
              onClick={async () => {
                try {
                  await ws.templates.remove(tpl.id);
                } catch (e) {
                  error.value = ws.errorText(e);
                }
              }}
            >
              {t('action.remove')}
            </button>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                confirming.value = false;
              }}
            >
              {t('action.cancel')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                editing.value = true;
              }}
            >
              {t('action.edit')}
            </button>
            <button
              type="button"
              class="btn small danger"
              onClick={() => {
                confirming.value = true;
              }}
            >
              {t('action.remove')}
            </button>
          </>
        )}
        {error.value && (
          <span class="error small" role="alert">
            {error.value}
          </span>
        )}
      </div>
    </li>
  );
}
