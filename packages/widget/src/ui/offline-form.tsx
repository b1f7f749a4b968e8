/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import { validateOfflineForm, type OfflineFormField } from '@parley/protocol';
import type { FormProps } from './store';
import { FormEnd, FormField, problemText, settingsOf } from './form-field';
import { checkOfflineForm } from '../generated/validators-forms';

export { FORM_CSS as css } from './form-field';

const FIELDS: readonly OfflineFormField[] = ['name', 'phone', 'email', 'message'];

/** The form shown when nobody can answer: name, phone or email, message, as the project configures. */
export function OfflineForm({ p, alt }: FormProps) {
  const { ctx, chat, ui } = p;
  const { state } = ctx;
  const t = state.t.value;
  const locale = state.locale.value;
  const settings = settingsOf(checkOfflineForm, 'offlineForm', state.effective.value?.config.offlineForm);
  const request = chat.form.value;
  const values = ui.form.value;
  const problems = ui.problems.value;
  // A bad part (reported once by settingsOf): the plain chat, as if this form were off.
  if (!settings) return alt;
  if (request.status === 'sent') {
    return (
      <div class="fm" role="status">
        <p>{t('form.sent')}</p>
      </div>
    );
  }
  const shown = FIELDS.filter((name) => settings.fields[name] !== 'off');

  const submit = (e: Event) => {
    e.preventDefault();
    const found = validateOfflineForm(settings, values);
    ui.problems.value = found;
    if (found.length > 0) {
      const first = found[0]?.field === 'contact' ? 'phone' : found[0]?.field;
      ui.els.panel?.querySelector<HTMLElement>(`#parley-f-${first}`)?.focus();
      return;
    }
    const data: Partial<Record<OfflineFormField, string>> & { page: string; locale: typeof locale } = { page: state.url.value.slice(0, 2048), locale };
    for (const name of shown) if (values[name].trim()) data[name] = values[name].trim();
    void chat.submitForm(data);
  };

  return (
    <form class="fm" onSubmit={submit} noValidate>
      <h3>{t('form.title')}</h3>
      <p>{t('form.intro')}</p>
      {shown.map((name) => {
        const problem = problems.find((x) => x.field === name);
        return (
          <FormField
            key={name}
            form="f"
            name={name}
            mode={settings.fields[name]}
            value={values[name]}
            t={t}
            error={problem ? problemText(name, problem.problem) : null}
            onInput={(v) => (ui.form.value = { ...ui.form.value, [name]: v })}
          />
        );
      })}
      {problems.some((x) => x.field === 'contact') && (
        <div class="fe" role="alert">
          {t('form.contactRequired')}
        </div>
      )}
      <FormEnd request={request} t={t} submit="form.submit" />
    </form>
  );
}

export { OfflineForm as View };
