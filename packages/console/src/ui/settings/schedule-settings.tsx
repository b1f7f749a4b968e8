import { isValidTimeZone, MAX_RANGES_PER_DAY, WEEKDAYS } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { TimeZonePicker } from './time-zone-picker';
import { useSettingsDraft } from './use-settings-draft';

/** Working hours: "show at any time", or ranges per weekday in the project's time zone. */
export function ScheduleSettings() {
  const t = useT();
  const s = useSettingsDraft('schedule');
  const sc = s.draft.value.schedule;
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save(() => (isValidTimeZone(sc.timeZone) ? null : t('schedule.badZone')));
      }}
    >
      <h3>{t('settings.schedule')}</h3>
      <label class="check">
        <input
          type="checkbox"
          checked={sc.alwaysOn}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            s.update((d) => {
              d.schedule.alwaysOn = on;
            });
          }}
        />
        <span>{t('schedule.alwaysOn')}</span>
      </label>
      <TimeZonePicker
        label={t('schedule.timeZone')}
        value={sc.timeZone}
        onChange={(z) =>
          s.update((d) => {
            d.schedule.timeZone = z;
          })
        }
      />
      <fieldset class="schedule" disabled={sc.alwaysOn}>
        <legend>{t('schedule.hours')}</legend>
        {sc.alwaysOn && <p class="muted">{t('schedule.alwaysOnHint')}</p>}
        {WEEKDAYS.map((day) => (
          <div class="schedule-day" key={day} role="group" aria-label={t(`weekday.${day}` as const)}>
            <span class="schedule-day-name">{t(`weekday.${day}` as const)}</span>
            {sc.days[day].length === 0 && <span class="muted">{t('schedule.dayOff')}</span>}
            {sc.days[day].map((r, i) => (
              <span class="range" key={i}>
                <input
                  type="text"
                  inputMode="numeric"
                  pattern="[0-2][0-9]:[0-5][0-9]"
                  size={5}
                  aria-label={t('schedule.from')}
                  value={r.from}
                  onInput={(e) => {
                    const val = e.currentTarget.value;
                    s.update((d) => {
                      d.schedule.days[day][i]!.from = val;
                    });
                  }}
                />
                {'–'}
                <input
                  type="text"
                  inputMode="numeric"
                  pattern="[0-2][0-9]:[0-5][0-9]"
                  size={5}
                  aria-label={t('schedule.to')}
                  value={r.to}
                  onInput={(e) => {
                    const val = e.currentTarget.value;
                    s.update((d) => {
                      d.schedule.days[day][i]!.to = val;
                    });
                  }}
                />
                <button
                  type="button"
                  class="tag-remove"
                  aria-label={t('schedule.removeRange')}
                  onClick={() =>
                    s.update((d) => {
                      d.schedule.days[day].splice(i, 1);
                    })
                  }
                >
                  ×
                </button>
              </span>
            ))}
            {sc.days[day].length < MAX_RANGES_PER_DAY && (
              <button
                type="button"
                class="btn small"
                onClick={() =>
                  s.update((d) => {
                    d.schedule.days[day].push({ from: '09:00', to: '18:00' });
                  })
                }
              >
                {t('schedule.addRange')}
              </button>
            )}
          </div>
        ))}
        <p class="muted small">{t('schedule.hint')}</p>
      </fieldset>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
