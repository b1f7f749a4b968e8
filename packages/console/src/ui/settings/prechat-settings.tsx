import { FIELD_MODES, type FieldMode } from '@parley/protocol';
import { useT } from '../context';
import { SaveBar } from './save-bar';
import { useSettingsDraft } from './use-settings-draft';

const FIELDS = ['name', 'email', 'phone'] as const;

/** The pre-chat form: what the widget asks before a visitor's first message, and the consent to the privacy policy. */
export function PreChatSettings() {
  const t = useT();
  const s = useSettingsDraft('preChat');
  const p = s.draft.value.preChat;
  const mode = (value: FieldMode, label: string, set: (m: FieldMode) => void) => (
    <label class="field" key={label}>
      <span>{label}</span>
      <select aria-label={label} value={value} onChange={(e) => set(e.currentTarget.value as FieldMode)}>
        {FIELD_MODES.map((m) => <option key={m} value={m}>{t(`offline.mode.${m}` as const)}</option>)}
      </select>
    </label>
  );
  return (
    <form class="form" onSubmit={(e) => {
      e.preventDefault();
      void s.save(() => (p.enabled && p.consent !== 'off' && !p.privacyUrl.trim() ? t('prechat.urlRequired') : null));
    }}>
      <h3>{t('settings.prechat')}</h3>
      <label class="check">
        <input type="checkbox" checked={p.enabled} onChange={(e) => { const on = e.currentTarget.checked; s.update((d) => { d.preChat.enabled = on; }); }} />
        <span>{t('prechat.enabled')}</span>
      </label>
      <p class="muted">{t('prechat.hint')}</p>
      <fieldset disabled={!p.enabled}>
        <legend>{t('offline.fields')}</legend>
        <div class="grid-2">
          {FIELDS.map((f) => mode(p.fields[f], t(`offline.field.${f}` as const), (m) => s.update((d) => { d.preChat.fields[f] = m; })))}
          {mode(p.consent, t('prechat.consent'), (m) => s.update((d) => { d.preChat.consent = m; }))}
        </div>
        <label class="field">
          <span>{t('prechat.privacyUrl')}</span>
          <input type="url" placeholder="https://" value={p.privacyUrl} onInput={(e) => { const u = e.currentTarget.value; s.update((d) => { d.preChat.privacyUrl = u; }); }} />
        </label>
      </fieldset>
      <SaveBar saving={s.saving.value} status={s.status.value} />
    </form>
  );
}
