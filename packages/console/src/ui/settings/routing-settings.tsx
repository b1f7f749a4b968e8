import { CHANNELS } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

/**
 * Routing of new dialogs to groups (by multiwidget channel and page rules; a `group` parameter
 * from the pre-chat form or setCustomParams wins) and optional automatic assignment, off by default.
 */
export function RoutingSettings() {
  const ws = useWorkspace();
  const t = useT();
  const s = useSettingsDraft('routing', 'autoAssign');
  const d = s.draft.value;
  const groups = ws.team.groups.value;
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save();
      }}
    >
      <h3>{t('settings.routing')}</h3>
      <fieldset>
        <legend>{t('routing.auto')}</legend>
        <label class="check">
          <input
            type="checkbox"
            checked={d.autoAssign.enabled}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              s.update((x) => {
                x.autoAssign.enabled = on;
              });
            }}
          />
          <span>{t('routing.autoOn')}</span>
        </label>
        <p class="muted small">{t('routing.autoHint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('routing.rules')}</legend>
        <p class="muted small">{t('routing.rulesHint')}</p>
        {groups.length === 0 && <p class="muted">{t('groups.none')}</p>}
        {d.routing.map((r, i) => (
          <div class="card routing-rule" key={i} role="group" aria-label={t('routing.rule', { n: i + 1 })}>
            <label class="field">
              <span>{t('filters.group')}</span>
              <select
                aria-label={t('filters.group')}
                value={r.groupId}
                onChange={(e) => {
                  const g = e.currentTarget.value;
                  s.update((x) => {
                    x.routing[i]!.groupId = g;
                  });
                }}
              >
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
            <div class="checks" role="group" aria-label={t('routing.channels')}>
              {CHANNELS.map((c) => (
                <label class="check" key={c}>
                  <input
                    type="checkbox"
                    checked={r.channels.includes(c)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      s.update((x) => {
                        const rule = x.routing[i]!;
                        rule.channels = on ? [...rule.channels, c] : rule.channels.filter((y) => y !== c);
                      });
                    }}
                  />
                  <span>{c}</span>
                </label>
              ))}
            </div>
            <label class="check">
              <input
                type="checkbox"
                checked={r.pages.enabled}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  s.update((x) => {
                    x.routing[i]!.pages.enabled = on;
                  });
                }}
              />
              <span>{t('routing.byPage')}</span>
            </label>
            {r.pages.enabled && (
              <label class="field">
                <span>{t('routing.pages')}</span>
                <textarea
                  rows={3}
                  value={r.pages.rules}
                  onInput={(e) => {
                    const val = e.currentTarget.value;
                    s.update((x) => {
                      x.routing[i]!.pages.rules = val;
                    });
                  }}
                />
              </label>
            )}
            <button
              type="button"
              class="btn small danger"
              onClick={() =>
                s.update((x) => {
                  x.routing.splice(i, 1);
                })
              }
            >
              {t('action.remove')}
            </button>
          </div>
        ))}
        {groups.length > 0 && (
          <button
            type="button"
            class="btn small"
            onClick={() =>
              s.update((x) => {
                x.routing.push({ groupId: groups[0]!.id, channels: [], pages: { enabled: false, rules: '' } });
              })
            }
          >
            {t('routing.add')}
          </button>
        )}
      </fieldset>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
