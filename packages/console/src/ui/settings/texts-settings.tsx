import { useSignal } from '@preact/signals';
import { defaultTexts, LOCALES, type Locale } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

const NATIVE: Readonly<Record<Locale, string>> = { ru: 'Русский', en: 'English', fr: 'Français' };

/**
 * Default language of the widget and overrides of its built-in texts, per language. A text is
 * picked from the real ids (searchable, with its built-in text); the server refuses other ids.
 */
export function TextsSettings() {
  const t = useT();
  const s = useSettingsDraft('texts');
  const texts = s.draft.value.texts;
  const locale = useSignal<Locale>(texts.defaultLocale);
  const query = useSignal('');
  const defaults = defaultTexts(locale.value);
  const overrides = Object.entries(texts.overrides[locale.value] ?? {});
  const q = query.value.trim().toLowerCase();
  const candidates = Object.entries(defaults)
    .filter(([id]) => !(id in (texts.overrides[locale.value] ?? {})))
    .filter(([id, text]) => !q || id.toLowerCase().includes(q) || text.toLowerCase().includes(q));
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save();
      }}
    >
      <h3>{t('settings.texts')}</h3>
      <label class="field">
        <span>{t('texts.defaultLocale')}</span>
        <select
          aria-label={t('texts.defaultLocale')}
          value={texts.defaultLocale}
          onChange={(e) => {
            const l = e.currentTarget.value as Locale;
            s.update((d) => {
              d.texts.defaultLocale = l;
            });
          }}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {NATIVE[l]}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('texts.overrides')}</legend>
        <p class="muted">{t('texts.hint')}</p>
        <label class="field field-inline">
          <span>{t('texts.language')}</span>
          <select
            aria-label={t('texts.language')}
            value={locale.value}
            onChange={(e) => {
              locale.value = e.currentTarget.value as Locale;
            }}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {NATIVE[l]}
              </option>
            ))}
          </select>
        </label>
        {overrides.length === 0 && <p class="muted">{t('texts.none')}</p>}
        {overrides.map(([key, value]) => (
          <div class="override" key={key} data-text-id={key}>
            <label class="field">
              <span>
                <code>{key}</code>
              </span>
              <textarea
                rows={2}
                maxLength={2000}
                value={value}
                onInput={(e) => {
                  const val = e.currentTarget.value;
                  s.update((d) => {
                    (d.texts.overrides[locale.value] ??= {})[key] = val;
                  });
                }}
              />
              <small class="muted">{defaults[key] !== undefined ? t('texts.default', { text: defaults[key] }) : t('texts.unknown')}</small>
            </label>
            <button
              type="button"
              class="btn small danger"
              onClick={() =>
                s.update((d) => {
                  delete d.texts.overrides[locale.value]?.[key];
                })
              }
            >
              {t('action.remove')}
            </button>
          </div>
        ))}
        <div class="text-picker">
          <label class="field">
            <span>{t('texts.find')}</span>
            <input
              type="search"
              value={query.value}
              placeholder={t('texts.findPlaceholder')}
              onInput={(e) => {
                query.value = e.currentTarget.value;
              }}
            />
          </label>
          <ul class="text-candidates" aria-label={t('texts.candidates')}>
            {candidates.slice(0, 30).map(([id, text]) => (
              <li key={id}>
                <button
                  type="button"
                  class="menu-item"
                  data-text-id={id}
                  onClick={() => {
                    s.update((d) => {
                      (d.texts.overrides[locale.value] ??= {})[id] = text;
                    });
                    query.value = '';
                  }}
                >
                  <code>{id}</code> <span class="muted">{text}</span>
                </button>
              </li>
            ))}
            {candidates.length > 30 && <li class="muted small">{t('texts.more', { n: candidates.length - 30 })}</li>}
          </ul>
        </div>
      </fieldset>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
