import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

/** "Дополнительные поля": values sent with every lead to the CRM. */
export function CrmSettings() {
  const t = useT();
  const s = useSettingsDraft('crmFields');
  const fields = s.draft.value.crmFields;
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save();
      }}
    >
      <h3>{t('settings.crm')}</h3>
      <p class="muted">{t('crm.hint')}</p>
      {fields.length === 0 && <p class="muted">{t('crm.none')}</p>}
      {fields.map((f, i) => (
        <div class="form-row" key={i} role="group" aria-label={t('crm.field', { n: i + 1 })}>
          <label class="field">
            <span>{t('crm.key')}</span>
            <input
              type="text"
              maxLength={100}
              value={f.key}
              onInput={(e) => {
                const val = e.currentTarget.value;
                s.update((d) => {
                  d.crmFields[i]!.key = val;
                });
              }}
            />
          </label>
          <label class="field">
            <span>{t('crm.value')}</span>
            <input
              type="text"
              maxLength={1000}
              value={f.value}
              onInput={(e) => {
                const val = e.currentTarget.value;
                s.update((d) => {
                  d.crmFields[i]!.value = val;
                });
              }}
            />
          </label>
          <button
            type="button"
            class="btn small danger"
            onClick={() =>
              s.update((d) => {
                d.crmFields.splice(i, 1);
              })
            }
          >
            {t('action.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        class="btn small"
        disabled={fields.length >= 50}
        onClick={() =>
          s.update((d) => {
            d.crmFields.push({ key: '', value: '' });
          })
        }
      >
        {t('crm.add')}
      </button>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
