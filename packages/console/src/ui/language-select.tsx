import { LOCALES, type Locale } from '@parley/protocol';
import { useApp, useT } from './context';

/** Language names in their own language, so anyone finds theirs. */
export const NATIVE: Readonly<Record<Locale, string>> = { ru: 'Русский', en: 'English', fr: 'Français' };

export function LanguageSelect() {
  const { i18n } = useApp();
  const t = useT();
  return (
    <label class="field field-inline">
      <span>{t('profile.language')}</span>
      <select aria-label={t('profile.language')} value={i18n.locale.value} onChange={(e) => void i18n.setLocale(e.currentTarget.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NATIVE[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
