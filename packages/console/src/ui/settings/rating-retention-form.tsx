import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';
import { NumberField } from './number-field';

export function RatingRetentionForm() {
  const t = useT();
  const s = useSettingsDraft('rating', 'retentionDays');
  const d = s.draft.value;
  return (
    <form
      class="card form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save();
      }}
    >
      <h4>{t('project.ratingRetention')}</h4>
      <label class="check">
        <input
          type="checkbox"
          checked={d.rating.enabled}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            s.update((x) => {
              x.rating.enabled = on;
            });
          }}
        />
        <span>{t('project.ratingEnabled')}</span>
      </label>
      <NumberField
        label={t('project.retentionDays')}
        hint={t('project.retentionHint')}
        value={d.retentionDays}
        min={1}
        max={3650}
        onChange={(n) =>
          s.update((x) => {
            x.retentionDays = n;
          })
        }
      />
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
