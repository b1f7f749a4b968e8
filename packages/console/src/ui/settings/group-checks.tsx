import { useT, useWorkspace } from '../context';

/** Which groups (departments) an operator belongs to. */
export function GroupChecks({ selected, onChange }: { selected: readonly string[]; onChange(ids: string[]): void }) {
  const ws = useWorkspace();
  const t = useT();
  const groups = ws.team.groups.value;
  return (
    <fieldset class="group-checks">
      <legend>{t('operators.groups')}</legend>
      {groups.length === 0 && <p class="muted small">{t('groups.none')}</p>}
      {groups.map((g) => (
        <label class="check" key={g.id}>
          <input
            type="checkbox"
            checked={selected.includes(g.id)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...selected, g.id] : selected.filter((x) => x !== g.id))}
          />
          <span>{g.name}</span>
        </label>
      ))}
    </fieldset>
  );
}
