import { useSignal } from '@preact/signals';
import { LOCALES, MAX_NAME_LENGTH, type Locale } from '@parley/protocol';
import { describeError } from '../../state/errors';
import { useApp, useT } from '../context';
import { NATIVE } from '../language-select';

/** A new project (workspace owner and admins); it is selected once created. */
export function CreateProjectForm() {
  const { projects, i18n } = useApp();
  const t = useT();
  const name = useSignal('');
  const locale = useSignal<Locale>(i18n.locale.value);
  const msg = useSignal<{ ok: boolean; text: string } | null>(null);
  const busy = useSignal(false);
  return (
    <form class="form grid-2" onSubmit={async (e) => {
      e.preventDefault();
      busy.value = true;
      msg.value = null;
      try {
        const p = await projects.create(name.value.trim(), locale.value);
        name.value = '';
        msg.value = { ok: true, text: t('projects.created') };
        projects.select(p.id);
      } catch (err) {
        msg.value = { ok: false, text: describeError(err, i18n) };
      } finally {
        busy.value = false;
      }
    }}>
      <label class="field"><span>{t('projects.name')}</span>
        <input type="text" required maxLength={MAX_NAME_LENGTH} value={name.value} onInput={(e) => { name.value = e.currentTarget.value; }} />
      </label>
      <label class="field"><span>{t('projects.locale')}</span>
        <select value={locale.value} onChange={(e) => { locale.value = e.currentTarget.value as Locale; }}>
          {LOCALES.map((l) => <option key={l} value={l} lang={l}>{NATIVE[l]}</option>)}
        </select>
      </label>
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={busy.value || !name.value.trim()}>{t('projects.create')}</button>
        {msg.value && <span class={msg.value.ok ? 'ok' : 'error'} role={msg.value.ok ? 'status' : 'alert'}>{msg.value.text}</span>}
      </div>
    </form>
  );
}
