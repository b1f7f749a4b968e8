import { join } from 'node:path';
import { backoffDelay, type BackoffRule, type ExternalChannel, type Locale } from '@parley/protocol';
import type { Ctx } from '../context';
import type { Db } from '../storage/open';
import { sortableId } from '../util/sortable-id';
import { SerialRuns } from '../util/serial-runs';
import { RELEASE, claimRow, earliestPending } from '../storage/cluster/claims';
import { ChannelError, type ChannelAdapter, type Outbound, type OutboundFile, type RemoteRef } from './types';
import { HELD_ERROR, whatsappWindowEnd } from './whatsapp-window';
import { publishChange } from '../services/fanout';
import { dialogs } from '../storage/dialogs';

/**
 * The durable outbox: every send, edit and delete towards a platform is a row first (written in
 * the same transaction as whatever caused it), then tried; a platform that is down or answers 429
 * gets the row again after protocol's backoff, however long it takes. Rows of one chat go out in
 * order: a chat whose oldest row waits holds back its newer rows. Each try first claims its row
 * (storage/cluster/claims.ts), so with several nodes a row goes out once; a row another node is
 * sending holds back its chat on this node.
 */
export type OutboxOp = 'send' | 'edit' | 'delete';

export interface OutboxPayload {
  text: string;
  fileIds?: string[];
  system?: boolean;
  keyboard?: 'phone' | 'remove';
  locale: Locale;
  /** edit/delete: the outbox row of the send it changes. */
  sendId?: string;
}

export async function enqueue(
  db: Db,
  row: { projectId: string; kind: ExternalChannel; chatId: string; dialogId: string | null; messageId: string | null; op: OutboxOp; payload: OutboxPayload },
  now: number,
): Promise<string> {
  const id = sortableId(now);
  await db
    .insertInto('channel_outbox')
    .values({
      id,
      project_id: row.projectId,
      kind: row.kind,
      chat_id: row.chatId,
      dialog_id: row.dialogId,
      message_id: row.messageId,
      op: row.op,
      payload: JSON.stringify(row.payload),
      status: 'pending',
      attempts: 0,
      next_at: now,
      remote_ids: null,
      last_error: null,
      created_at: now,
      done_at: null,
    })
    .execute();
  return id;
}

export class OutboxWorker {
  private readonly runs: SerialRuns;

  constructor(
    private readonly ctx: Ctx,
    private readonly adapterOf: (projectId: string, kind: ExternalChannel) => ChannelAdapter | null,
    private readonly rule: BackoffRule,
  ) {
    this.runs = new SerialRuns(
      () => this.run(),
      (err: unknown) => this.ctx.log.error({ err }, 'channel outbox'),
      { next: () => earliestPending(this.ctx.db, 'channel_outbox'), now: () => this.ctx.now() },
    );
  }

  private get stopped(): boolean {
    return this.runs.stopped;
  }

  /** Something was enqueued (or a platform may be back): run now. */
  kick(): void {
    this.runs.kick();
  }

  async stop(): Promise<void> {
    await this.runs.stop();
  }

  private async run(): Promise<void> {
    const db = this.ctx.db;
    for (;;) {
      const now = this.ctx.now();
      const due = await db.selectFrom('channel_outbox').selectAll().where('status', '=', 'pending').orderBy('id').limit(200).execute();
      const blocked = new Set<string>();
      let progressed = false;
      for (const row of due) {
        const chat = `${row.project_id}\n${row.kind}\n${row.chat_id}`;
        if (blocked.has(chat)) continue;
        if (row.next_at > now) {
          blocked.add(chat);
          continue;
        }
        if (this.stopped) return;
        // Another node is sending it (or already did): the chat's later rows wait for that node.
        if (!(await claimRow(db, 'channel_outbox', row.id, row.attempts, this.ctx.opts.nodeId, this.ctx.now(), this.ctx.opts.leaseMs))) {
          blocked.add(chat);
          continue;
        }
        const ok = await this.attempt(row);
        if (!ok) blocked.add(chat);
        else progressed = true;
      }
      if (!progressed || due.length < 200) break;
    }
  }

  /** True when the row is finished (sent, or refused for good). */
  private async attempt(row: {
    id: string;
    project_id: string;
    kind: string;
    chat_id: string;
    dialog_id: string | null;
    op: string;
    payload: string;
    attempts: number;
  }): Promise<boolean> {
    const db = this.ctx.db;
    const p = JSON.parse(row.payload) as OutboxPayload;
    const adapter = this.adapterOf(row.project_id, row.kind as ExternalChannel);
    try {
      if (!adapter) throw new ChannelError('channel not configured', true);
      if (row.kind === 'whatsapp') {
        // Outside the window WhatsApp refuses the send: keep it for the client's next message.
        const end = await whatsappWindowEnd(this.ctx, row.project_id, row.chat_id);
        if (end !== null && end <= this.ctx.now()) throw new ChannelError(HELD_ERROR, false, undefined, true);
      }
      const out: Outbound = { text: p.text, files: await this.files(p.fileIds ?? []), locale: p.locale };
      if (p.system) out.system = true;
      if (p.keyboard) out.keyboard = p.keyboard;
      let refs: RemoteRef[] = [];
      if (row.op === 'send') refs = await adapter.send(row.chat_id, out);
      else {
        const sent = p.sendId
          ? await db.selectFrom('channel_outbox').select(['status', 'remote_ids']).where('id', '=', p.sendId).executeTakeFirst()
          : undefined;
        // The send it changes has not gone out yet: wait for it (same chat, so it is ahead of us).
        if (sent && sent.status === 'pending') throw new ChannelError('waiting for the original send', true);
        const orig = sent?.remote_ids ? (JSON.parse(sent.remote_ids) as RemoteRef[]) : [];
        if (orig.length > 0 || row.kind === 'whatsapp') {
          if (row.op === 'edit') refs = (await adapter.edit(row.chat_id, orig, out)) ?? [];
          else await adapter.delete(row.chat_id, orig, out);
        }
      }
      await db
        .updateTable('channel_outbox')
        .set({ status: 'done', remote_ids: JSON.stringify(refs), done_at: this.ctx.now(), attempts: row.attempts + 1, last_error: null, ...RELEASE })
        .where('id', '=', row.id)
        .where('claimed_by', '=', this.ctx.opts.nodeId)
        .execute();
      return true;
    } catch (err) {
      const e = err instanceof ChannelError ? err : new ChannelError((err as Error).message, true);
      const attempts = row.attempts + 1;
      if (e.hold) {
        this.ctx.log.info({ channel: row.kind, chat: row.chat_id }, 'send held: WhatsApp customer service window closed');
        await db
          .updateTable('channel_outbox')
          .set({ status: 'held', attempts, last_error: HELD_ERROR, ...RELEASE })
          .where('id', '=', row.id)
          .where('claimed_by', '=', this.ctx.opts.nodeId)
          .execute();
        // The consoles on this dialog re-read its channels and show what waits.
        const dialogId = row.dialog_id;
        const card = dialogId ? await this.ctx.store.read((x) => dialogs.cardById(x, this.ctx.store.dialect, dialogId)) : null;
        if (card) this.ctx.fanout.schedule(() => publishChange(this.ctx, { card, rows: [] }));
        return true;
      }
      if (!e.retry) {
        this.ctx.log.warn({ channel: row.kind, chat: row.chat_id, err: e.message }, 'channel send refused by the platform');
        await db
          .updateTable('channel_outbox')
          .set({ status: 'failed', attempts, last_error: e.message, done_at: this.ctx.now(), ...RELEASE })
          .where('id', '=', row.id)
          .where('claimed_by', '=', this.ctx.opts.nodeId)
          .execute();
        return true;
      }
      const delay = Math.max(e.retryAfterMs ?? 0, backoffDelay(attempts - 1, Math.random, this.rule));
      await db
        .updateTable('channel_outbox')
        .set({ attempts, last_error: e.message, next_at: this.ctx.now() + delay, ...RELEASE })
        .where('id', '=', row.id)
        .where('claimed_by', '=', this.ctx.opts.nodeId)
        .execute();
      return false;
    }
  }

  private async files(ids: string[]): Promise<OutboundFile[]> {
    if (ids.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('files').selectAll().where('id', 'in', ids).execute();
    return ids.flatMap((id) => {
      const f = rows.find((r) => r.id === id);
      return f ? [{ path: join(this.ctx.paths.files, f.id), name: f.name, mime: f.mime, kind: f.kind as OutboundFile['kind'], size: f.size }] : [];
    });
  }
}
