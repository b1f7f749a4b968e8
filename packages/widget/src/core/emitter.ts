import { reportError } from './warn';

export type Listener<T> = (payload: T) => void;

export interface Emitter<M> {
  on<K extends keyof M>(event: K, fn: Listener<M[K]>): () => void;
  off<K extends keyof M>(event: K, fn: Listener<M[K]>): void;
  emit<K extends keyof M>(event: K, payload: M[K]): void;
  clear(): void;
}

/** A tiny event emitter. A throwing listener is reported and never stops the others. */
export function createEmitter<M>(): Emitter<M> {
  const listeners = new Map<keyof M, Set<Listener<never>>>();
  const off = <K extends keyof M>(event: K, fn: Listener<M[K]>) => {
    listeners.get(event)?.delete(fn);
  };
  return {
    on(event, fn) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      return () => off(event, fn);
    },
    off,
    emit(event, payload) {
      for (const fn of [...(listeners.get(event) ?? [])]) {
        try {
          (fn as Listener<typeof payload>)(payload);
        } catch (err) {
          reportError(err);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
