import * as v from 'valibot';
import { useSignal } from '@preact/signals';
import { MAX_MESSAGE_LENGTH, TemplateBodySchema, type Template } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { SaveBar } from './save-bar';
import { Field } from '../field';
import type { SaveStatus } from './use-settings-draft';

/** Add a template, or edit one (title, text, optional shortcut typed after "." in the composer). */
export function TemplateForm({ template, onDone }: { template?: Template; onDone?: () => void }) {
  const ws = useWorkspace();
  const t = useT();
  const title = useSignal(template?.title ?? '');
  const text = useSignal(template?.text ?? '');
  const shortcut = useSignal(template?.shortcut ?? '');
  const status = useSignal<SaveStatus | null>(null);
  const saving = useSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    status.value = null;
    const input = { title: title.value, text: text.value, shortcut: shortcut.value.trim().replace(/^\./, '') || null };
    const parsed = v.safeParse(TemplateBodySchema, input);
    if (!parsed.success) {
      const bad = new Set(parsed.issues.map((i) => v.getDotPath(i)));
      status.value = { ok: false, text: bad.has('shortcut') ? t('templates.shortcutRule') : t('form.invalidFields', { fields: [...bad].join(', ') }) };
      return;
    }
    saving.value = true;
    try {
      const body = { title: parsed.output.title, text: parsed.output.text, shortcut: parsed.output.shortcut ?? null };
      if (template) await ws.templates.update(template.id, body);
      else await ws.templates.create(body);
      if (!template) {
        title.value = '';
        text.value = '';
        shortcut.value = '';
      }
      status.value = { ok: true, text: t('form.saved') };
      onDone?.();
    } catch (err) {
      status.value = { ok: false, text: ws.errorText(err) };
    } finally {
      saving.value = false;
    }
  }

  return (
    <form class="form" onSubmit={submit}>
      <label class="field">
        <span>{t('templates.title')}</span>
        <input
          type="text"
          required
          maxLength={200}
          value={title.value}
          onInput={(e) => {
            title.value = e.currentTarget.value;
          }}
        />
      </label>
      <label class="field">
        <span>{t('templates.text')}</span>
        <textarea
          required
          rows={4}
          maxLength={MAX_MESSAGE_LENGTH}
          value={text.value}
          onInput={(e) => {
            text.value = e.currentTarget.value;
          }}
        />
      </label>
      <Field label={t('templates.shortcut')} hint={t('templates.shortcutHint')}>
        <input
          type="text"
          maxLength={33}
          value={shortcut.value}
          placeholder="hello"
          onInput={(e) => {
            shortcut.value = e.currentTarget.value;
          }}
        />
      </Field>
      <div class="form-actions">
        <SaveBar saving={saving.value} status={status.value} />
        {onDone && (
          <button type="button" class="btn" onClick={onDone}>
            {t('action.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
