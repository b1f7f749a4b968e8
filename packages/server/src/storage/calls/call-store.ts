import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/**
 * What the call relay must agree on with every other node: who answered, that a call ended once,
 * and the recordings both parties agreed to. Each change is one conditional statement, so two
 * nodes racing get exactly one `true`.
 */
export interface CallStore {
  ring(c: { id: string; projectId: string; dialogId: string; operatorId: string | null }, now: number): Promise<void>;
  /** The answer: only while the call rings (not answered, not ended). */
  start(id: string, operatorId: string | null, now: number): Promise<boolean>;
  /** The end: once. `ringing`: only if nobody answered (a missed call racing an answer elsewhere). */
  end(id: string, now: number, ringing?: boolean): Promise<boolean>;
  /** Both parties agreed to one more recording of the call. */
  consent(id: string): Promise<void>;
  /** Takes one consented recording for this operator's upload: until `endedAfter` past the call's end. */
  takeRecording(id: string, projectId: string, operatorId: string, endedAfter: number): Promise<boolean>;
  giveBack(id: string): Promise<void>;
}

const n = (r: { numUpdatedRows?: bigint } | undefined) => Number(r?.numUpdatedRows ?? 0);

export function dbCallStore(db: Kysely<Database>): CallStore {
  return {
    async ring(c, now) {
      await db
        .insertInto('calls')
        .values({ id: c.id, project_id: c.projectId, dialog_id: c.dialogId, operator_id: c.operatorId, recordings: 0, recordings_used: 0, created_at: now })
        .execute();
    },
    async start(id, operatorId, now) {
      const r = await db
        .updateTable('calls')
        .set((eb) => ({ started_at: now, operator_id: operatorId ?? eb.ref('operator_id') }))
        .where('id', '=', id)
        .where('started_at', 'is', null)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return n(r) === 1;
    },
    async end(id, now, ringing = false) {
      let q = db.updateTable('calls').set({ ended_at: now }).where('id', '=', id).where('ended_at', 'is', null);
      if (ringing) q = q.where('started_at', 'is', null);
      const won = n(await q.executeTakeFirst()) === 1;
      // Rows of calls long over (past any recording's upload) go.
      if (won)
        await db
          .deleteFrom('calls')
          .where('ended_at', '<', now - 86_400_000)
          .execute();
      return won;
    },
    async consent(id) {
      await db
        .updateTable('calls')
        .set((eb) => ({ recordings: eb('recordings', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },
    async takeRecording(id, projectId, operatorId, endedAfter) {
      const r = await db
        .updateTable('calls')
        .set((eb) => ({ recordings_used: eb('recordings_used', '+', 1) }))
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .where('operator_id', '=', operatorId)
        .where((eb) => eb('recordings_used', '<', eb.ref('recordings')))
        .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', endedAfter)]))
        .executeTakeFirst();
      return n(r) === 1;
    },
    async giveBack(id) {
      await db
        .updateTable('calls')
        .set((eb) => ({ recordings_used: eb('recordings_used', '-', 1) }))
        .where('id', '=', id)
        .where('recordings_used', '>', 0)
        .execute();
    },
  };
}

/** The same rules in memory (unit tests of the relay). */
export function memoryCallStore(): CallStore {
  const rows = new Map<string, { projectId: string; operatorId: string | null; started: boolean; ended: number | null; recordings: number; used: number }>();
  return {
    ring: (c) => {
      if (rows.has(c.id)) return Promise.reject(new Error('duplicate call id'));
      rows.set(c.id, { projectId: c.projectId, operatorId: c.operatorId, started: false, ended: null, recordings: 0, used: 0 });
      return Promise.resolve();
    },
    start: (id, operatorId) => {
      const r = rows.get(id);
      if (!r || r.started || r.ended !== null) return Promise.resolve(false);
      r.started = true;
      r.operatorId = operatorId ?? r.operatorId;
      return Promise.resolve(true);
    },
    end: (id, now, ringing = false) => {
      const r = rows.get(id);
      if (!r || r.ended !== null || (ringing && r.started)) return Promise.resolve(false);
      r.ended = now;
      return Promise.resolve(true);
    },
    consent: (id) => {
      const r = rows.get(id);
      if (r) r.recordings++;
      return Promise.resolve();
    },
    takeRecording: (id, projectId, operatorId, endedAfter) => {
      const r = rows.get(id);
      if (!r || r.projectId !== projectId || r.operatorId !== operatorId || r.used >= r.recordings || (r.ended !== null && r.ended < endedAfter))
        return Promise.resolve(false);
      r.used++;
      return Promise.resolve(true);
    },
    giveBack: (id) => {
      const r = rows.get(id);
      if (r && r.used > 0) r.used--;
      return Promise.resolve();
    },
  };
}
