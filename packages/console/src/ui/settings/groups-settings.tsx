import { useSignal } from '@preact/signals';
import { MAX_NAME_LENGTH, type Group } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { useAction } from '../use-action';

function GroupEditor({ group, onDone }: { group: Group | null; onDone(): void }) {
  const ws = useWorkspace();
  const t = useT();
  const name = useSignal(group?.name ?? '');
  const members = useSignal<string[]>(group?.operatorIds ?? []);
  const { busy, error, run } = useAction();
  return (
    <form
      class="form card"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await ws.team.saveGroup(group?.id ?? null, { name: name.value.trim(), operatorIds: members.value });
          await ws.operators.load();
          onDone();
        });
      }}
    >
      <label class="field">
        <span>{t('groups.name')}</span>
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
      <fieldset>
        <legend>{t('groups.members')}</legend>
        {ws.operators.list.value.map((o) => (
          <label class="check" key={o.id}>
            <input
              type="checkbox"
              checked={members.value.includes(o.id)}
              onChange={(e) => {
                members.value = e.currentTarget.checked ? [...members.value, o.id] : members.value.filter((x) => x !== o.id);
              }}
            />
            <span>{o.name}</span>
          </label>
        ))}
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={busy.value}>
          {t('action.save')}
        </button>
        <button type="button" class="btn" onClick={onDone}>
          {t('action.cancel')}
        </button>
        {error.value && (
          <span class="error" role="alert">
            {error.value}
          </span>
        )}
      </div>
    </form>
  );
}

/** Groups (departments) as in the Smartsupp tutorial: operators belong to groups, dialogs are routed to one. */
export function GroupsSettings() {
  const ws = useWorkspace();
  const t = useT();
  const editing = useSignal<string | null>(null);
  const { error, run } = useAction();
  const ops = new Map(ws.operators.list.value.map((o) => [o.id, o.name]));
  return (
    <section>
      <h3>{t('settings.groups')}</h3>
      <p class="muted">{t('groups.hint')}</p>
      <ul class="template-list">
        {ws.team.groups.value.map((g) => (
          <li key={g.id} class="card" data-group-id={g.id}>
            {editing.value === g.id ? (
              <GroupEditor
                group={g}
                onDone={() => {
                  editing.value = null;
                }}
              />
            ) : (
              <>
                <h4>{g.name}</h4>
                <p class="muted">
                  {g.operatorIds
                    .map((id) => ops.get(id))
                    .filter(Boolean)
                    .join(', ') || t('groups.empty')}
                </p>
                <div class="form-actions">
                  <button
                    type="button"
                    class="btn small"
                    onClick={() => {
                      editing.value = g.id;
                    }}
                  >
                    {t('action.edit')}
                  </button>
                  <button type="button" class="btn small danger" onClick={() => void run(() => ws.team.removeGroup(g.id))}>
                    {t('action.remove')}
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {editing.value === 'new' ? (
        <GroupEditor
          group={null}
          onDone={() => {
            editing.value = null;
          }}
        />
      ) : (
        <button
          type="button"
          class="btn"
          onClick={() => {
            editing.value = 'new';
          }}
        >
          {t('groups.add')}
        </button>
      )}
    </section>
  );
}
