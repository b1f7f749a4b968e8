import { FIELD_MODES, type FieldMode } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

const FIELDS = ['name', 'email', 'phone'] as const;

/** The pre-chat form: what the widget asks before a visitor's first message, and the consent to the privacy policy. */
export function PreChatSettings() {
  const t = useT();
  const groups = useWorkspace().team.groups.value;
  const s = useSettingsDraft('preChat');
  const p = s.draft.value.preChat;
  const choice = p.group ?? { mode: 'off' as const, options: [] };
  const mode = (value: FieldMode, label: string, set: (m: FieldMode) => void) => (
    <label class="field" key={label}>
      <span>{label}</span>
      <select aria-label={label} value={value} onChange={(e) => set(e.currentTarget.value as FieldMode)}>
        {FIELD_MODES.map((m) => (
          <option key={m} value={m}>
            {t(`offline.mode.${m}` as const)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save(() =>
          p.enabled && p.consent !== 'off' && !p.privacyUrl.trim()
            ? t('prechat.urlRequired')
            : p.enabled && choice.mode !== 'off' && choice.options.length === 0
              ? t('prechat.groupsRequired')
              : null,
        );
      }}
    >
      <h3>{t('settings.prechat')}</h3>
      <label class="check">
        <input
          type="checkbox"
          checked={p.enabled}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            s.update((d) => {
              d.preChat.enabled = on;
            });
          }}
        />
        <span>{t('prechat.enabled')}</span>
      </label>
      <p class="muted">{t('prechat.hint')}</p>
      <fieldset disabled={!p.enabled}>
        <legend>{t('offline.fields')}</legend>
        <div class="grid-2">
          {FIELDS.map((f) =>
            mode(p.fields[f], t(`offline.field.${f}` as const), (m) =>
              s.update((d) => {
                d.preChat.fields[f] = m;
              }),
            ),
          )}
          {mode(p.consent, t('prechat.consent'), (m) =>
            s.update((d) => {
              d.preChat.consent = m;
            }),
          )}
          {mode(choice.mode, t('prechat.group'), (m) =>
            s.update((d) => {
              d.preChat.group = { ...choice, mode: m };
            }),
          )}
        </div>
        {choice.mode !== 'off' && (
          <div role="group" aria-label={t('prechat.groupsOffered')}>
            <p class="muted small">{t('prechat.groupsHint')}</p>
            {groups.length === 0 && <p class="muted">{t('groups.none')}</p>}
            {groups.map((g) => {
              const offered = choice.options.find((o) => o.id === g.id);
              return (
                <div class="grid-2" key={g.id}>
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={!!offered}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        s.update((d) => {
                          const options = choice.options.filter((o) => o.id !== g.id);
                          d.preChat.group = { ...choice, options: on ? [...options, { id: g.id, label: g.name }] : options };
                        });
                      }}
                    />
                    <span>{t('prechat.offer', { group: g.name })}</span>
                  </label>
                  {offered && (
                    <label class="field">
                      <span>{t('prechat.groupLabel', { group: g.name })}</span>
                      <input
                        value={offered.label}
                        maxLength={200}
                        required
                        onInput={(e) => {
                          const label = e.currentTarget.value;
                          s.update((d) => {
                            d.preChat.group = { ...choice, options: choice.options.map((o) => (o.id === g.id ? { ...o, label } : o)) };
                          });
                        }}
                      />
                    </label>
                  )}
                </div>
              );
            })}
          </div>
        )}
        <label class="field">
          <span>{t('prechat.privacyUrl')}</span>
          <input
            type="url"
            placeholder="https://"
            value={p.privacyUrl}
            onInput={(e) => {
              const u = e.currentTarget.value;
              s.update((d) => {
                d.preChat.privacyUrl = u;
              });
            }}
          />
        </label>
      </fieldset>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
