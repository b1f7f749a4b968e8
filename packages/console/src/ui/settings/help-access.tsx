import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

/** Who writes the knowledge base: owners and admins always; operators when this is on (the server enforces it). */
export function HelpAccess() {
  const t = useT();
  const s = useSettingsDraft('help');
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save();
      }}
    >
      <label class="check">
        <input
          type="checkbox"
          checked={s.draft.value.help.operatorsWrite}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            s.update((x) => {
              x.help.operatorsWrite = on;
            });
          }}
        />
        <span>{t('help.operatorsWrite')}</span>
      </label>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
