import type { SqlExec } from './sql';
import type { OperatorRow } from './rows';

export const operators = {
  byId(x: SqlExec, id: string): Promise<OperatorRow | undefined> {
    return x.get<OperatorRow>('SELECT * FROM operators WHERE id = ?', [id]);
  },
};
