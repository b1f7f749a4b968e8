import { useSignal } from '@preact/signals';
import { canGrantRole, MAX_NAME_LENGTH, type Operator } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { Avatar } from '../avatar';
import { Field } from '../field';
import { GroupChecks } from './group-checks';
import type { OperatorPatch } from '../../api/operator-api';

type EditRole = 'admin' | 'operator';

/** One operator: view, or edit name / role / password, or remove (with a confirmation step). */
export function OperatorRow({ operator: o }: { operator: Operator }) {
  const ws = useWorkspace();
  const t = useT();
  const me = ws.session.me.value;
  const editing = useSignal(false);
  const confirming = useSignal(false);
  const name = useSignal(o.name);
  const email = useSignal(o.email);
  const workspaceAdmin = useSignal(o.workspaceRole === 'admin');
  const role = useSignal<EditRole>(o.role === 'admin' ? 'admin' : 'operator');
  const password = useSignal('');
  const groupIds = useSignal<string[]>(o.groupIds);
  const maxChats = useSignal(o.maxChats === null ? '' : String(o.maxChats));
  const error = useSignal<string | null>(null);
  const manageable = !!me && me.id !== o.id && o.role !== 'owner' && canGrantRole(me.role, o.role);
  // Only the workspace owner names workspace admins.
  const ownerOfWorkspace = me?.workspaceRole === 'owner';
  const roles: EditRole[] = (['operator', 'admin'] as const).filter((r) => !!me && canGrantRole(me.role, r));

  async function run(action: () => Promise<unknown>) {
    error.value = null;
    try {
      await action();
      editing.value = false;
      confirming.value = false;
    } catch (e) {
      error.value = ws.errorText(e);
    }
  }

  if (editing.value) {
    return (
      <tr data-operator-id={o.id}>
        <td colSpan={5}>
          <form
            class="form grid-2"
            onSubmit={(e) => {
              e.preventDefault();
              const patch: OperatorPatch = {};
              if (name.value.trim() !== o.name) patch.name = name.value.trim();
              if (email.value.trim().toLowerCase() !== o.email) patch.email = email.value.trim();
              if (ownerOfWorkspace && workspaceAdmin.value !== (o.workspaceRole === 'admin')) patch.workspaceAdmin = workspaceAdmin.value;
              patch.groupIds = groupIds.value;
              patch.maxChats = maxChats.value.trim() === '' ? null : Number(maxChats.value);
              if (role.value !== o.role) patch.role = role.value;
              if (password.value) patch.password = password.value;
              void run(() => ws.operators.update(o.id, patch));
            }}
          >
            <label class="field">
              <span>{t('operators.name')}</span>
              <input
                type="text"
                required
                maxLength={MAX_NAME_LENGTH}
                value={name.value}
                onInput={(e) => {
                  name.value = e.currentTarget.value;
                }}
              />
            </label>
            <label class="field">
              <span>{t('operators.email')}</span>
              <input
                type="email"
                required
                autocomplete="off"
                value={email.value}
                onInput={(e) => {
                  email.value = e.currentTarget.value;
                }}
              />
            </label>
            <label class="field">
              <span>{t('operators.role')}</span>
              <select
                aria-label={t('operators.role')}
                value={role.value}
                onChange={(e) => {
                  role.value = e.currentTarget.value as EditRole;
                }}
              >
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}` as const)}
                  </option>
                ))}
              </select>
            </label>
            {ownerOfWorkspace && (
              <label class="field field-inline">
                <input
                  type="checkbox"
                  checked={workspaceAdmin.value}
                  onChange={(e) => {
                    workspaceAdmin.value = e.currentTarget.checked;
                  }}
                />
                <span>{t('operators.workspaceAdmin')}</span>
              </label>
            )}
            <Field label={t('operators.newPassword')} hint={t('operators.passwordKeep')}>
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
            <Field label={t('operators.maxChats')} hint={t('operators.maxChatsHint')}>
              <input
                type="number"
                min={1}
                max={100}
                value={maxChats.value}
                onInput={(e) => {
                  maxChats.value = e.currentTarget.value;
                }}
              />
            </Field>
            <label class="field">
              <span>{t('operators.avatar')}</span>
              <input
                type="file"
                accept="image/png,image/jpeg"
                onChange={(e) => {
                  const f = e.currentTarget.files?.[0];
                  if (f) void run(() => ws.operators.setAvatar(o.id, f));
                }}
              />
            </label>
            <GroupChecks
              selected={groupIds.value}
              onChange={(ids) => {
                groupIds.value = ids;
              }}
            />
            <div class="form-actions">
              <button type="submit" class="btn primary">
                {t('action.save')}
              </button>
              <button
                type="button"
                class="btn"
                onClick={() => {
                  editing.value = false;
                }}
              >
                {t('action.cancel')}
              </button>
              {error.value && (
                <span class="error" role="alert">
                  {error.value}
                </span>
              )}
            </div>
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr data-operator-id={o.id}>
      <td>
        <span class="op-name">
          <Avatar name={o.name} url={o.avatarUrl} size="sm" /> {o.name}
        </span>
      </td>
      <td class="selectable">{o.email}</td>
      <td>
        {t(`role.${o.role}` as const)}
        {o.workspaceRole === 'admin' && <> · {t('role.workspaceAdmin')}</>}
      </td>
      <td data-presence={o.presence}>
        <span class={`dot ${o.presence}`} aria-hidden="true" /> {t(`presence.${o.presence}` as const)}
      </td>
      <td class="row-actions">
        {manageable && !confirming.value && (
          <>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                editing.value = true;
              }}
              aria-label={t('operators.editNamed', { name: o.name })}
            >
              {t('action.edit')}
            </button>
            <button
              type="button"
              class="btn small danger"
              onClick={() => {
                confirming.value = true;
              }}
              aria-label={t('operators.removeNamed', { name: o.name })}
            >
              {t('action.remove')}
            </button>
          </>
        )}
        {confirming.value && (
          <>
            <span>{t('operators.confirmRemove', { name: o.name })}</span>
            <button type="button" class="btn small danger" onClick={() => void run(() => ws.operators.remove(o.id))}>
              {t('action.remove')}
            </button>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                confirming.value = false;
              }}
            >
              {t('action.cancel')}
            </button>
          </>
        )}
        {!manageable && !confirming.value && (
          <span class="muted">{me?.id === o.id ? t('operators.you') : o.role === 'owner' ? t('operators.ownerRow') : t('operators.noRights')}</span>
        )}
        {error.value && (
          <span class="error small" role="alert">
            {error.value}
          </span>
        )}
      </td>
    </tr>
  );
}
