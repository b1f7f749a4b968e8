import { DEVICE_TYPES, validatePageRules, type FilterDeviceType } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

/** Where the widget appears: a page filter ("!" excludes) and the kinds of device. */
export function FiltersSettings() {
  const t = useT();
  const s = useSettingsDraft('pageFilter', 'devices');
  const pf = s.draft.value.pageFilter;
  const devices = s.draft.value.devices;
  const check = validatePageRules(pf.rules);
  const errors = check.ok ? [] : check.errors;
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save(() => (pf.enabled && errors.length > 0 ? t('filters.fixRules') : null));
      }}
    >
      <h3>{t('settings.filters')}</h3>
      <label class="check">
        <input
          type="checkbox"
          checked={pf.enabled}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            s.update((d) => {
              d.pageFilter.enabled = on;
            });
          }}
        />
        <span>{t('filters.usePageFilter')}</span>
      </label>
      <label class="field">
        <span>{t('filters.pages')}</span>
        <textarea
          rows={6}
          spellcheck={false}
          aria-invalid={errors.length > 0}
          aria-describedby="rules-help rules-errors"
          value={pf.rules}
          onInput={(e) => {
            const r = e.currentTarget.value;
            s.update((d) => {
              d.pageFilter.rules = r;
            });
          }}
        />
      </label>
      <small id="rules-help" class="muted">
        {t('filters.pagesHint')}
      </small>
      <ul id="rules-errors" class="error-list" aria-live="polite">
        {errors.map((err, i) => (
          <li key={i} class="error small">
            <code>{err.entry}</code>: {t(`rule.${err.reason}`)}
          </li>
        ))}
      </ul>
      <fieldset>
        <legend>{t('filters.devices')}</legend>
        <p class="muted small">{t('filters.devicesHint')}</p>
        {DEVICE_TYPES.map((dt) => (
          <label class="check" key={dt}>
            <input
              type="checkbox"
              checked={devices.includes(dt)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                s.update((d) => {
                  d.devices = on ? [...new Set<FilterDeviceType>([...d.devices, dt])] : d.devices.filter((x) => x !== dt);
                });
              }}
            />
            <span>{t(`device.${dt}` as const)}</span>
          </label>
        ))}
      </fieldset>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
