/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import { preChatGroups, safeUrl, validatePreChat } from '@parley/protocol';
import type { FormProps } from './store';
import { FORM_CSS, FormEnd, FormField, problemText, settingsOf } from './form-field';
import { checkPreChat } from '../generated/validators-forms';

/** The forms' styles, then the pre-chat form's own (it shares the panel with the message list). */
export const css = `${FORM_CSS}
.pc{flex:none;max-height:75%}
.cs{display:flex;flex-wrap:wrap;gap:6px 8px;align-items:center;font-size:13px}
.cs input{width:18px;height:18px;padding:0;margin:0}
.cs a{color:var(--pt)}
`;

const FIELDS = ['name', 'email', 'phone'] as const;

/** Asked before the first message when the project says so: name, email, phone, the group to talk to, consent to the privacy policy. */
export function PreChatForm({ p, alt }: FormProps) {
  const { ctx, chat, ui } = p;
  const t = ctx.state.t.value;
  const settings = settingsOf(checkPreChat, 'preChat', ctx.state.effective.value?.config.preChat);
  const request = chat.preChat.value;
  const values = ui.form.value;
  const consent = ui.consent.value;
  const problems = ui.preProblems.value;
  // A bad part (reported once by settingsOf): the plain chat, as if this form were off.
  if (!settings) return alt;
  const shown = FIELDS.filter((name) => settings.fields[name] !== 'off');
  const groups = preChatGroups(settings);
  const policy = safeUrl(settings.privacyUrl);
  const field = (name: (typeof FIELDS)[number] | 'group', mode = settings.group!.mode) => {
    const problem = problems.find((x) => x.field === name);
    return (
      <FormField
        key={name}
        form="p"
        name={name}
        mode={mode}
        value={values[name]}
        t={t}
        error={problem ? problemText(name, problem.problem) : null}
        options={name === 'group' ? groups : undefined}
        onInput={(v) => (ui.form.value = { ...ui.form.value, [name]: v })}
      />
    );
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const found = validatePreChat(settings, { ...values, group: values.group || undefined, consent });
    ui.preProblems.value = found;
    if (found.length > 0) {
      ui.els.panel?.querySelector<HTMLElement>(`#parley-p-${found[0]?.field}`)?.focus();
      return;
    }
    const data: { name?: string; email?: string; phone?: string; consent?: boolean; group?: string } = {};
    for (const name of shown) if (values[name].trim()) data[name] = values[name].trim();
    if (groups[0] && values.group) data.group = values.group;
    if (settings.consent !== 'off') data.consent = consent;
    void chat.submitPreChat(data);
  };
  const consentError = problems.some((x) => x.field === 'consent');

  return (
    <form class="fm pc" onSubmit={submit} noValidate aria-labelledby="parley-pc-title">
      <h3 id="parley-pc-title">{t('prechat.title')}</h3>
      <p>{t('prechat.intro')}</p>
      {shown.map((name) => field(name, settings.fields[name]))}
      {groups[0] && field('group')}
      {settings.consent !== 'off' && (
        <div class="cs">
          <input
            id="parley-p-consent"
            type="checkbox"
            checked={consent}
            required={settings.consent === 'required'}
            aria-invalid={consentError ? 'true' : 'false'}
            aria-describedby={consentError ? 'parley-p-consent-e' : undefined}
            onChange={(e) => (ui.consent.value = e.currentTarget.checked)}
          />
          <label for="parley-p-consent">
            {t('prechat.consent')}
            {settings.consent === 'optional' && <span class="op"> {t('form.optional')}</span>}
          </label>
          {policy && (
            <a href={policy} target="_blank" rel="noopener noreferrer">
              {t('prechat.policy')}
            </a>
          )}
          {consentError && (
            <span class="fe" id="parley-p-consent-e">
              {t('prechat.consentRequired')}
            </span>
          )}
        </div>
      )}
      <FormEnd request={request} t={t} submit="prechat.submit" />
    </form>
  );
}

export { PreChatForm as View };
