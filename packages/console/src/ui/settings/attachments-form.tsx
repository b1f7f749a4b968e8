import { ATTACHMENT_KINDS, MB } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';
import { NumberField } from './number-field';

/** Files visitors may send: on or off, and the size limit per kind (in MB, 1 MB = 1024 × 1024 bytes). */
export function AttachmentsForm() {
  const t = useT();
  const s = useSettingsDraft('attachments');
  const a = s.draft.value.attachments;
  return (
    <form
      class="card form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save();
      }}
    >
      <h4>{t('project.attachments')}</h4>
      <label class="check">
        <input
          type="checkbox"
          checked={a.enabled}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            s.update((d) => {
              d.attachments.enabled = on;
            });
          }}
        />
        <span>{t('project.attachmentsEnabled')}</span>
      </label>
      <div class="grid-2">
        {ATTACHMENT_KINDS.map((k) => (
          <NumberField
            key={k}
            label={t(`project.limit.${k}` as const)}
            value={Math.round((a.limits[k] / MB) * 10) / 10}
            min={0.1}
            max={1024}
            step={0.1}
            onChange={(n) =>
              s.update((d) => {
                d.attachments.limits[k] = Math.round(n * MB);
              })
            }
          />
        ))}
      </div>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
