import * as v from 'valibot';
import { useSignal } from '@preact/signals';
import { canGrantRole, CreateOperatorBodySchema, MAX_NAME_LENGTH } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { SaveBar } from './save-bar';
import { Field } from '../field';
import type { SaveStatus } from './use-settings-draft';

type NewRole = 'admin' | 'operator';

export function OperatorForm() {
  const ws = useWorkspace();
  const t = useT();
  const name = useSignal('');
  const email = useSignal('');
  const password = useSignal('');
  const role = useSignal<NewRole>('operator');
  const status = useSignal<SaveStatus | null>(null);
  const saving = useSignal(false);
  const me = ws.session.me.value;
  const roles: NewRole[] = (['operator', 'admin'] as const).filter((r) => !!me && canGrantRole(me.role, r));

  async function submit(e: Event) {
    e.preventDefault();
    status.value = null;
    // An empty password adds someone who already has an account (in another project).
    const parsed = v.safeParse(CreateOperatorBodySchema, { name: name.value, email: email.value, password: password.value || undefined, role: role.value });
    if (!parsed.success) {
      const fields = [...new Set(parsed.issues.map((i) => v.getDotPath(i) ?? ''))].map((f) => t(`operators.${f}` as 'operators.name')).join(', ');
      status.value = { ok: false, text: t('form.invalidFields', { fields }) };
      return;
    }
    saving.value = true;
    try {
      await ws.operators.create(parsed.output);
      name.value = '';
      email.value = '';
      password.value = '';
      role.value = 'operator';
      status.value = { ok: true, text: t('operators.added') };
    } catch (err) {
      status.value = { ok: false, text: ws.errorText(err) };
    } finally {
      saving.value = false;
    }
  }

  return (
    <form class="form grid-2" onSubmit={submit}>
      <Field label={t('operators.name')} hint={t('profile.nameHint')}>
        <input type="text" required maxLength={MAX_NAME_LENGTH} value={name.value} onInput={(e) => { name.value = e.currentTarget.value; }} />
      </Field>
      <label class="field">
        <span>{t('operators.email')}</span>
        <input type="email" required autocomplete="off" value={email.value} onInput={(e) => { email.value = e.currentTarget.value; }} />
      </label>
      <Field label={t('operators.password')} hint={`${t('form.passwordRule')} ${t('operators.passwordExisting')}`}>
        <input type="password" minLength={8} autocomplete="new-password" value={password.value} onInput={(e) => { password.value = e.currentTarget.value; }} />
      </Field>
      <Field label={t('operators.role')} hint={!roles.includes('admin') && t('operators.ownerMakesAdmins')}>
        <select aria-label={t('operators.role')} value={role.value} onChange={(e) => { role.value = e.currentTarget.value as NewRole; }}>
          {roles.map((r) => <option key={r} value={r}>{t(`role.${r}` as const)}</option>)}
        </select>
      </Field>
      <SaveBar saving={saving.value} status={status.value} label={t('operators.add')} />
    </form>
  );
}
