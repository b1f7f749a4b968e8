import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

/** The widget's chime for new replies (each visitor can still mute it in the chat). */
export function SoundForm() {
  const t = useT();
  const s = useSettingsDraft('sound');
  const d = s.draft.value;
  return (
    <form
      class="card form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save();
      }}
    >
      <h4>{t('sound.title')}</h4>
      <label class="check">
        <input
          type="checkbox"
          checked={d.sound.enabled}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            s.update((x) => {
              x.sound.enabled = on;
            });
          }}
        />
        <span>{t('sound.enabled')}</span>
      </label>
      <p class="muted small">{t('sound.hint')}</p>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
