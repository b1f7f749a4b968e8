import { FIELD_MODES, type FieldMode } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

const FIELDS = ['name', 'phone', 'email', 'message'] as const;

/** "Показывать оффлайн форму": the form visitors see when no operator can answer. */
export function OfflineFormSettings() {
  const t = useT();
  const s = useSettingsDraft('offlineForm');
  const f = s.draft.value.offlineForm;
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save();
      }}
    >
      <h3>{t('settings.offline-form')}</h3>
      <label class="check">
        <input
          type="checkbox"
          checked={f.enabled}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            s.update((d) => {
              d.offlineForm.enabled = on;
            });
          }}
        />
        <span>{t('offline.enabled')}</span>
      </label>
      <p class="muted">{t('offline.hint')}</p>
      <fieldset disabled={!f.enabled}>
        <legend>{t('offline.fields')}</legend>
        <div class="grid-2">
          {FIELDS.map((field) => (
            <label class="field" key={field}>
              <span>{t(`offline.field.${field}` as const)}</span>
              <select
                aria-label={t(`offline.field.${field}` as const)}
                value={f.fields[field]}
                onChange={(e) => {
                  const m = e.currentTarget.value as FieldMode;
                  s.update((d) => {
                    d.offlineForm.fields[field] = m;
                  });
                }}
              >
                {FIELD_MODES.map((m) => (
                  <option key={m} value={m}>
                    {t(`offline.mode.${m}` as const)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={f.requireContact}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              s.update((d) => {
                d.offlineForm.requireContact = on;
              });
            }}
          />
          <span>{t('offline.requireContact')}</span>
        </label>
      </fieldset>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
