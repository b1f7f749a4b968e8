import { signal } from '@preact/signals';
import type { Operator, OperatorPresenceState, OperatorStatus } from '@parley/protocol';
import type { OperatorApi, OperatorCreate, OperatorPatch } from '../api/operator-api';

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
    /** Live: what colleagues and the widget see of an operator (online, away with the console closed, offline). */
    presence(operatorId: string, status: OperatorStatus, presence: OperatorPresenceState): void {
      list.value = list.value.map((o) => (o.id === operatorId ? { ...o, status, presence } : o));
    },
    put,
    /** Creates an operator, then sets their avatar when one was chosen. */
    async create(body: OperatorCreate, avatar?: Blob): Promise<Operator> {
      let op = await api.createOperator(body);
      put(op);
      if (avatar) {
        op = await api.uploadOperatorAvatar(op.id, avatar);
        put(op);
      }
      return op;
    },
    async setAvatar(id: string, avatar: Blob): Promise<Operator> {
      const op = await api.uploadOperatorAvatar(id, avatar);
      put(op);
      return op;
    },
    async update(id: string, patch: OperatorPatch): Promise<Operator> {
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
