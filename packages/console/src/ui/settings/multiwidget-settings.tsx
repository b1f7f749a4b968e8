import { LOCALES, POSITIONS, validatePageRules } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';
import { NumberField } from './number-field';
import { ChannelEditor } from './channel-editor';

/** The multiwidget: one button offering chat, callback and messengers, in the order set here. */
export function MultiwidgetSettings() {
  const t = useT();
  const s = useSettingsDraft('multiwidget');
  const mw = s.draft.value.multiwidget;
  const b = mw.button;
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save(() => (mw.channels.some((c) => c.pageFilter?.enabled && !validatePageRules(c.pageFilter.rules).ok) ? t('filters.fixRules') : null));
      }}
    >
      <h3>{t('settings.multiwidget')}</h3>
      <label class="check">
        <input
          type="checkbox"
          checked={mw.enabled}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            s.update((d) => {
              d.multiwidget.enabled = on;
            });
          }}
        />
        <span>{t('multiwidget.enabled')}</span>
      </label>
      <fieldset>
        <legend>{t('multiwidget.button')}</legend>
        <div class="grid-2">
          <label class="field">
            <span>{t('project.color')}</span>
            <input
              type="color"
              value={b.color}
              onInput={(e) => {
                const c = e.currentTarget.value;
                s.update((d) => {
                  d.multiwidget.button.color = c;
                });
              }}
            />
          </label>
          <label class="field">
            <span>{t('project.position')}</span>
            <select
              aria-label={t('project.position')}
              value={b.position}
              onChange={(e) => {
                const p = e.currentTarget.value as typeof b.position;
                s.update((d) => {
                  d.multiwidget.button.position = p;
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
            value={b.offsetX}
            min={0}
            max={400}
            onChange={(n) =>
              s.update((d) => {
                d.multiwidget.button.offsetX = n;
              })
            }
          />
          <NumberField
            label={t('project.offsetY')}
            value={b.offsetY}
            min={0}
            max={400}
            onChange={(n) =>
              s.update((d) => {
                d.multiwidget.button.offsetY = n;
              })
            }
          />
          <NumberField
            label={t('multiwidget.ctaDelay')}
            value={b.callToActionDelaySeconds}
            min={0}
            max={600}
            onChange={(n) =>
              s.update((d) => {
                d.multiwidget.button.callToActionDelaySeconds = n;
              })
            }
          />
          <label class="check">
            <input
              type="checkbox"
              checked={b.pulse}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                s.update((d) => {
                  d.multiwidget.button.pulse = on;
                });
              }}
            />
            <span>{t('multiwidget.pulse')}</span>
          </label>
        </div>
        {LOCALES.map((l) => (
          <label class="field" key={l}>
            <span>{t('multiwidget.cta', { lang: l.toUpperCase() })}</span>
            <input
              type="text"
              maxLength={120}
              value={b.callToAction[l] ?? ''}
              onInput={(e) => {
                const val = e.currentTarget.value;
                s.update((d) => {
                  d.multiwidget.button.callToAction[l] = val || undefined;
                });
              }}
            />
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('multiwidget.channels')}</legend>
        {mw.channels.length === 0 && <p class="muted">{t('multiwidget.noChannels')}</p>}
        <ol class="channels">
          {mw.channels.map((c, i) => (
            <li key={i} class="card">
              <ChannelEditor
                channel={c}
                index={i}
                count={mw.channels.length}
                onChange={(fn) => s.update((d) => fn(d.multiwidget.channels[i]!))}
                onMove={(dir) =>
                  s.update((d) => {
                    const list = d.multiwidget.channels;
                    const [x] = list.splice(i, 1);
                    if (x) list.splice(i + dir, 0, x);
                  })
                }
                onRemove={() =>
                  s.update((d) => {
                    d.multiwidget.channels.splice(i, 1);
                  })
                }
              />
            </li>
          ))}
        </ol>
        <button
          type="button"
          class="btn small"
          disabled={mw.channels.length >= 20}
          onClick={() =>
            s.update((d) => {
              d.multiwidget.channels.push({ kind: 'chat', enabled: true, target: '', passRef: false, qrOnDesktop: false, followSchedule: false });
            })
          }
        >
          {t('multiwidget.addChannel')}
        </button>
      </fieldset>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
