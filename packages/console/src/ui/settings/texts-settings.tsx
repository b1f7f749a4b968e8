import { useSignal } from '@preact/signals';
import { LOCALES, type Locale } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

const NATIVE: Readonly<Record<Locale, string>> = { ru: 'Русский', en: 'English', fr: 'Français' };

/** Default language of the widget and overrides of its built-in texts, per language. */
export function TextsSettings() {
  const t = useT();
  const s = useSettingsDraft('texts');
  const texts = s.draft.value.texts;
  const locale = useSignal<Locale>(texts.defaultLocale);
  const newKey = useSignal('');
  const overrides = Object.entries(texts.overrides[locale.value] ?? {});
  return (
    <form class="form" onSubmit={(e) => { e.preventDefault(); void s.save(); }}>
      <h3>{t('settings.texts')}</h3>
      <label class="field">
        <span>{t('texts.defaultLocale')}</span>
        <select aria-label={t('texts.defaultLocale')} value={texts.defaultLocale} onChange={(e) => { const l = e.currentTarget.value as Locale; s.update((d) => { d.texts.defaultLocale = l; }); }}>
          {LOCALES.map((l) => <option key={l} value={l}>{NATIVE[l]}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{t('texts.overrides')}</legend>
        <p class="muted">{t('texts.hint')}</p>
        <label class="field field-inline">
          <span>{t('texts.language')}</span>
          <select aria-label={t('texts.language')} value={locale.value} onChange={(e) => { locale.value = e.currentTarget.value as Locale; }}>
            {LOCALES.map((l) => <option key={l} value={l}>{NATIVE[l]}</option>)}
          </select>
        </label>
        {overrides.length === 0 && <p class="muted">{t('texts.none')}</p>}
        {overrides.map(([key, value]) => (
          <div class="override" key={key}>
            <label class="field">
              <span><code>{key}</code></span>
              <textarea rows={2} maxLength={2000} value={value} onInput={(e) => {
                const val = e.currentTarget.value;
                s.update((d) => { (d.texts.overrides[locale.value] ??= {})[key] = val; });
              }} />
            </label>
            <button type="button" class="btn small danger" onClick={() => s.update((d) => { delete d.texts.overrides[locale.value]?.[key]; })}>
              {t('action.remove')}
            </button>
          </div>
        ))}
        <div class="form-row">
          <label class="field">
            <span>{t('texts.key')}</span>
            <input type="text" pattern="[a-zA-Z][a-zA-Z0-9_.]{0,63}" placeholder="launcher.label" value={newKey.value} onInput={(e) => { newKey.value = e.currentTarget.value; }} />
          </label>
          <button type="button" class="btn small" disabled={!/^[a-zA-Z][a-zA-Z0-9_.]{0,63}$/.test(newKey.value)} onClick={() => {
            const key = newKey.value;
            s.update((d) => { (d.texts.overrides[locale.value] ??= {})[key] = ''; });
            newKey.value = '';
          }}>{t('texts.add')}</button>
        </div>
      </fieldset>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
