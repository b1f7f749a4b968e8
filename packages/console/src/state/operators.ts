import { signal } from '@preact/signals';
import type { Operator, OperatorStatus, Role } from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';

/** The project's operators: for assigning, filtering and the settings screen; presence kept live. */
export function createOperators(api: OperatorApi) {
  const list = signal<Operator[]>([]);
  const loaded = signal(false);

  function put(op: Operator): void {
    const i = list.value.findIndex((o) => o.id === op.id);
    list.value = i >= 0 ? list.value.map((o) => (o.id === op.id ? op : o)) : [...list.value, op];
  }

  return {
    list,
    loaded,
    async load(): Promise<void> {
      list.value = await api.operators();
      loaded.value = true;
    },
    presence(operatorId: string, status: OperatorStatus): void {
      list.value = list.value.map((o) => (o.id === operatorId ? { ...o, status } : o));
    },
    put,
    async create(body: { email: string; name: string; password?: string | undefined; role: Exclude<Role, 'owner'> }): Promise<Operator> {
      const op = await api.createOperator(body);
      put(op);
      return op;
    },
    async update(id: string, patch: { name?: string; role?: Exclude<Role, 'owner'>; password?: string }): Promise<Operator> {
      const op = await api.updateOperator(id, patch);
      put(op);
      return op;
    },
    async remove(id: string): Promise<void> {
      await api.removeOperator(id);
      list.value = list.value.filter((o) => o.id !== id);
    },
  };
}
export type Operators = ReturnType<typeof createOperators>;
