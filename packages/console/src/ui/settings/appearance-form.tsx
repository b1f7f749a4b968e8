import { POSITIONS, THEMES } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';
import { NumberField } from './number-field';

export function AppearanceForm() {
  const t = useT();
  const s = useSettingsDraft('appearance');
  const a = s.draft.value.appearance;
  return (
    <form
      class="card form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save();
      }}
    >
      <h4>{t('project.appearance')}</h4>
      <div class="grid-2">
        <label class="field">
          <span>{t('project.color')}</span>
          <input
            type="color"
            value={a.color}
            onInput={(e) => {
              const c = e.currentTarget.value;
              s.update((d) => {
                d.appearance.color = c;
              });
            }}
          />
        </label>
        <label class="field">
          <span>{t('project.position')}</span>
          <select
            aria-label={t('project.position')}
            value={a.position}
            onChange={(e) => {
              const p = e.currentTarget.value as typeof a.position;
              s.update((d) => {
                d.appearance.position = p;
              });
            }}
          >
            {POSITIONS.map((p) => (
              <option key={p} value={p}>
                {t(`position.${p}` as const)}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label={t('project.offsetX')}
          value={a.offsetX}
          min={0}
          max={400}
          onChange={(n) =>
            s.update((d) => {
              d.appearance.offsetX = n;
            })
          }
        />
        <NumberField
          label={t('project.offsetY')}
          value={a.offsetY}
          min={0}
          max={400}
          onChange={(n) =>
            s.update((d) => {
              d.appearance.offsetY = n;
            })
          }
        />
        <NumberField
          label={t('project.zIndex')}
          value={a.zIndex}
          min={0}
          max={2147483647}
          onChange={(n) =>
            s.update((d) => {
              d.appearance.zIndex = n;
            })
          }
        />
        <label class="field">
          <span>{t('project.theme')}</span>
          <select
            aria-label={t('project.theme')}
            value={a.theme}
            onChange={(e) => {
              const th = e.currentTarget.value as typeof a.theme;
              s.update((d) => {
                d.appearance.theme = th;
              });
            }}
          >
            {THEMES.map((th) => (
              <option key={th} value={th}>
                {t(`theme.${th}` as const)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
