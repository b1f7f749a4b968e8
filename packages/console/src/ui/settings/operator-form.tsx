import * as v from 'valibot';
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { canGrantRole, CreateOperatorBodySchema, errorText, MAX_CHATS_LIMIT, MAX_NAME_LENGTH } from '@parley/protocol';
import { ApiFailure } from '../../api/http';
import { checkAvatar } from '../../lib/avatar-check';
import { useApp, useT, useWorkspace } from '../context';
import { SaveBar } from './save-bar';
import { Field } from '../field';
import { GroupChecks } from './group-checks';
import type { SaveStatus } from './use-settings-draft';

type NewRole = 'admin' | 'operator';

/** Add an operator: name, email, password, role, groups, chat limit and avatar (Roistat's "add operator" form). */
export function OperatorForm() {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const name = useSignal('');
  const email = useSignal('');
  const password = useSignal('');
  const role = useSignal<NewRole>('operator');
  const groupIds = useSignal<string[]>([]);
  const maxChats = useSignal('');
  const avatar = useSignal<File | null>(null);
  const fieldErrors = useSignal<Record<string, string>>({});
  const status = useSignal<SaveStatus | null>(null);
  const saving = useSignal(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const me = ws.session.me.value;
  const roles: NewRole[] = (['operator', 'admin'] as const).filter((r) => !!me && canGrantRole(me.role, r));

  async function submit(e: Event) {
    e.preventDefault();
    status.value = null;
    fieldErrors.value = {};
    const limit = maxChats.value.trim() === '' ? null : Number(maxChats.value);
    const parsed = v.safeParse(CreateOperatorBodySchema, {
      // An empty password adds someone who already has an account (in another project).
      name: name.value,
      email: email.value,
      password: password.value || undefined,
      role: role.value,
      groupIds: groupIds.value,
      maxChats: limit,
    });
    if (!parsed.success) {
      const fields = [...new Set(parsed.issues.map((i) => v.getDotPath(i) ?? ''))].map((f) => t(`operators.${f}` as 'operators.name')).join(', ');
      status.value = { ok: false, text: t('form.invalidFields', { fields }) };
      return;
    }
    if (avatar.value && (await checkAvatar(avatar.value)) === 'invalid') {
      fieldErrors.value = { avatar: errorText('image_invalid', i18n.locale.value) };
      return;
    }
    saving.value = true;
    try {
      await ws.operators.create(parsed.output, avatar.value ?? undefined);
      name.value = '';
      email.value = '';
      password.value = '';
      role.value = 'operator';
      groupIds.value = [];
      maxChats.value = '';
      avatar.value = null;
      status.value = { ok: true, text: t('operators.added') };
      void ws.team.load().catch(() => undefined);
    } catch (err) {
      // A taken email is said next to the email field.
      if (err instanceof ApiFailure && err.fields.length > 0 && err.code !== 'bad_request') {
        fieldErrors.value = Object.fromEntries(err.fields.map((f) => [f, ws.errorText(err)]));
      } else status.value = { ok: false, text: ws.errorText(err) };
    } finally {
      saving.value = false;
    }
  }

  return (
    <form class="form grid-2" onSubmit={submit} noValidate={false}>
      <Field label={t('operators.name')} hint={t('profile.nameHint')}>
        <input
          type="text"
          required
          maxLength={MAX_NAME_LENGTH}
          value={name.value}
          onInput={(e) => {
            name.value = e.currentTarget.value;
          }}
        />
      </Field>
      <Field label={t('operators.email')} error={fieldErrors.value.email ?? null}>
        <input
          type="email"
          required
          autocomplete="off"
          value={email.value}
          onInput={(e) => {
            email.value = e.currentTarget.value;
            if (fieldErrors.value.email) fieldErrors.value = {};
          }}
        />
      </Field>
      <Field label={t('operators.password')} hint={`${t('form.passwordRule')} ${t('operators.passwordExisting')}`}>
        <input
          type="password"
          minLength={8}
          autocomplete="new-password"
          value={password.value}
          onInput={(e) => {
            password.value = e.currentTarget.value;
          }}
        />
      </Field>
      <Field label={t('operators.role')} hint={!roles.includes('admin') && t('operators.ownerMakesAdmins')}>
        <select
          aria-label={t('operators.role')}
          value={role.value}
          onChange={(e) => {
            role.value = e.currentTarget.value as NewRole;
          }}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}` as const)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('operators.maxChats')} hint={t('operators.maxChatsHint')}>
        <input
          type="number"
          min={1}
          max={MAX_CHATS_LIMIT}
          value={maxChats.value}
          onInput={(e) => {
            maxChats.value = e.currentTarget.value;
          }}
        />
      </Field>
      <Field label={t('operators.avatar')} hint={avatar.value ? avatar.value.name : t('profile.avatarHint')} error={fieldErrors.value.avatar ?? null}>
        <input
          ref={fileInput}
          type="file"
          accept="image/png,image/jpeg"
          class="avatar-input"
          onChange={(e) => {
            avatar.value = e.currentTarget.files?.[0] ?? null;
            fieldErrors.value = {};
          }}
        />
      </Field>
      <GroupChecks
        selected={groupIds.value}
        onChange={(ids) => {
          groupIds.value = ids;
        }}
      />
      <SaveBar saving={saving.value} status={status.value} label={t('operators.add')} />
    </form>
  );
}
