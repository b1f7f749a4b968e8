import { useEffect } from 'preact/hooks';
import { useT, useWorkspace } from '../context';
import { OperatorForm } from './operator-form';
import { OperatorRow } from './operator-row';

/** Operators of the project: add (only the owner makes admins), edit, remove. */
export function OperatorsSettings() {
  const ws = useWorkspace();
  const t = useT();
  useEffect(() => {
    void ws.operators.load().catch(() => undefined);
  }, []);
  return (
    <section>
      <h3>{t('settings.operators')}</h3>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('operators.name')}</th>
            <th scope="col">{t('operators.email')}</th>
            <th scope="col">{t('operators.role')}</th>
            <th scope="col">{t('operators.status')}</th>
            <th scope="col">
              <span class="sr-only">{t('operators.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {ws.operators.list.value.map((o) => (
            <OperatorRow key={o.id} operator={o} />
          ))}
        </tbody>
      </table>
      <div class="card">
        <h4>{t('operators.add')}</h4>
        <OperatorForm />
      </div>
    </section>
  );
}
