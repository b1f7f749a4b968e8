import { signal } from '@preact/signals';
import type { Operator, OperatorStatus } from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';
import { ApiFailure } from '../api/http';

export type SessionPhase = 'loading' | 'signed-out' | 'signed-in';

/** Who is signed in. The workspace exists only while `phase` is signed-in. */
export function createSession(api: OperatorApi) {
  const phase = signal<SessionPhase>('loading');
  const me = signal<Operator | null>(null);
  /** Set when the server ended the session on its own (shown on the sign-in screen). */
  const expiredNotice = signal(false);

  function signedIn(op: Operator): void {
    me.value = op;
    expiredNotice.value = false;
    phase.value = 'signed-in';
  }

  return {
    phase,
    me,
    expiredNotice,
    async restore(): Promise<void> {
      try {
        const op = await api.session();
        if (op) signedIn(op);
        else phase.value = 'signed-out';
      } catch (e) {
        if (!(e instanceof ApiFailure) || e.code !== 'network') phase.value = 'signed-out';
        else throw e;
      }
    },
    async login(email: string, password: string): Promise<void> {
      signedIn(await api.login(email, password));
    },
    /** Signed in by another way than the login form (first-run setup). */
    signedIn,
    async logout(): Promise<void> {
      try {
        await api.logout();
      } finally {
        me.value = null;
        phase.value = 'signed-out';
      }
    },
    /** The server answered 401 somewhere: the cookie expired or the operator was removed. */
    expired(): void {
      if (phase.value !== 'signed-in') return;
      me.value = null;
      expiredNotice.value = true;
      phase.value = 'signed-out';
    },
    /** Fresh operator data from the server (welcome frame, presence, profile edits). */
    update(op: Operator): void {
      me.value = op;
    },
    setStatusLocally(status: OperatorStatus): void {
      if (me.value) me.value = { ...me.value, status };
    },
  };
}
export type Session = ReturnType<typeof createSession>;
