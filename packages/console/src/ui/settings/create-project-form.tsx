import { useSignal } from '@preact/signals';
import { LOCALES, MAX_NAME_LENGTH, type Locale } from '@parley/protocol';
import { useApp, useT } from '../context';
import { NATIVE } from '../language-select';
import { useSubmit } from '../use-submit';
import { FormMessageLine } from '../form-message';

/** A new project (workspace owner and admins); it is selected once created. */
export function CreateProjectForm() {
  const { projects, i18n } = useApp();
  const t = useT();
  const name = useSignal('');
  const locale = useSignal<Locale>(i18n.locale.value);
  const { busy, msg, submit } = useSubmit();
  return (
    <form
      class="form grid-2"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(async () => {
          const p = await projects.create(name.value.trim(), locale.value);
          name.value = '';
          projects.select(p.id);
          return t('projects.created');
        });
      }}
    >
      <label class="field">
        <span>{t('projects.name')}</span>
        <input
          type="text"
          required
          maxLength={MAX_NAME_LENGTH}
          value={name.value}
          onInput={(e) => {
            name.value = e.currentTarget.value;
          }}
        />
      </label>
      <label class="field">
        <span>{t('projects.locale')}</span>
        <select
          value={locale.value}
          onChange={(e) => {
            locale.value = e.currentTarget.value as Locale;
          }}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {NATIVE[l]}
            </option>
          ))}
        </select>
      </label>
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={busy.value || !name.value.trim()}>
          {t('projects.create')}
        </button>
        <FormMessageLine msg={msg.value} />
      </div>
    </form>
  );
}
