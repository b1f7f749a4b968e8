import { S, type DialogEvent, type ServerFrame } from '@parley/protocol';
import type { Ctx } from '../context';
import { events } from '../storage/events';
import { historyBatch } from '../services/history';
import { renderEvents, visitorEvent } from '../services/render';
import { topics, type DialogTopicMsg } from './topics';

const PULL_PAGE = 500;

/**
 * One visitor socket's view of one dialog's event sequence. Every event reaches the socket exactly
 * once and in seq order: live events arrive from the bus, and whenever one arrives ahead of the
 * next expected seq (a resume, a race between publishers, another node) the missing range is read
 * from the database first. All work runs on one promise chain, so frames leave in order.
 */
export class DialogStream {
  dialogId: string | null = null;
  lastSeq = 0;
  private party = '';
  private unsub: (() => void) | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Work scheduled on the chain and not finished yet. */
  private busy = 0;
  private gen = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly send: (frame: ServerFrame) => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  private schedule(fn: () => Promise<void>): Promise<void> {
    this.busy++;
    this.chain = this.chain
      .then(fn)
      .catch(this.onError)
      .then(() => {
        this.busy--;
      });
    return this.chain;
  }

  /**
   * The author's own socket, right after its ack: sends the events its write added to this dialog
   * now, when they are exactly the next ones and nothing else is under way (the bus delivers them
   * later, and `deliver` skips them by seq). Otherwise false, and they come by the usual way.
   */
  sendOwn(dialogId: string, events: readonly DialogEvent[]): boolean {
    const first = events[0];
    if (!first || this.busy > 0 || dialogId !== this.dialogId || first.seq !== this.lastSeq + 1) return false;
    for (let i = 1; i < events.length; i++) if ((events[i] as DialogEvent).seq !== first.seq + i) return false;
    for (const e of events) if (e.dialogId !== dialogId) return false;
    for (const e of events) this.emit(e);
    return true;
  }

  /**
   * Follows a dialog. `from`: send every event after that seq (a resume gap, or 0 for a dialog
   * this socket has never seen); 'snapshot': send a history batch and continue after its cursor.
   */
  join(dialogId: string, partyVisitorId: string, start: { from: number } | 'snapshot'): Promise<void> {
    this.leave();
    const gen = ++this.gen;
    this.dialogId = dialogId;
    this.party = partyVisitorId;
    this.lastSeq = start === 'snapshot' ? 0 : start.from;
    // Subscribe first, then read: nothing published meanwhile can be missed (duplicates are dropped by seq).
    const off = this.ctx.bus.subscribe(topics.dialog(dialogId), (msg) => this.onMessage(msg, gen));
    // The bus lost messages while its link to other nodes was down: read what was missed.
    const offResync = this.ctx.bus.onResync?.(() => void this.schedule(() => this.pull(gen)));
    this.unsub = () => {
      off();
      offResync?.();
    };
    return this.schedule(async () => {
      if (gen !== this.gen) return;
      if (start === 'snapshot') {
        const batch = await historyBatch(this.ctx, dialogId, partyVisitorId);
        if (!batch || gen !== this.gen) return;
        this.send(batch);
        this.lastSeq = batch.cursor;
      }
      await this.pull(gen);
    });
  }

  leave(): void {
    this.gen++;
    this.unsub?.();
    this.unsub = null;
    this.dialogId = null;
  }

  /** Resolves when everything scheduled so far has been sent. */
  idle(): Promise<void> {
    return this.schedule(async () => {});
  }

  private onMessage(msg: DialogTopicMsg, gen: number): void {
    if (gen !== this.gen || !this.dialogId) return;
    if (msg.t === 'events') {
      // Already sent (the author's own events go out with its ack): nothing to wait for.
      if (msg.events.every((e) => e.seq <= this.lastSeq)) return;
      void this.schedule(() => this.deliver(msg.events, gen));
    } else if (msg.t === 'typing') {
      this.send(msg.operator ? { type: S.Typing, typing: msg.typing, operator: msg.operator } : { type: S.Typing, typing: msg.typing });
    } else if (msg.t === 'read') {
      this.send({ type: S.Read, dialogId: this.dialogId, seq: msg.seq });
    }
  }

  private emit(e: DialogEvent): void {
    this.send(visitorEvent(e, this.party, this.ctx.urlKey, this.ctx.now()));
    this.lastSeq = e.seq;
  }

  private async deliver(events: DialogEvent[], gen: number): Promise<void> {
    for (const e of events) {
      if (gen !== this.gen || e.dialogId !== this.dialogId) return;
      if (e.seq <= this.lastSeq) continue;
      if (e.seq > this.lastSeq + 1) await this.pull(gen, e.seq - 1);
      if (gen !== this.gen) return;
      // After the pull everything that still exists below e.seq has been sent.
      if (e.seq > this.lastSeq) this.emit(e);
    }
  }

  /** Sends stored events after lastSeq (up to `upto`, or everything), page by page. */
  private async pull(gen: number, upto?: number): Promise<void> {
    const dialogId = this.dialogId;
    if (!dialogId) return;
    for (;;) {
      const after = this.lastSeq;
      const { rows, rendered } = await this.ctx.store.read(async (x) => {
        const r = await events.after(x, dialogId, after, PULL_PAGE, upto);
        return { rows: r, rendered: await renderEvents(x, r) };
      });
      if (gen !== this.gen) return;
      if (rows.length === 0) return;
      for (const e of rendered) {
        if (gen !== this.gen) return;
        if (e.seq > this.lastSeq) this.emit(e);
      }
      // Rows whose rendering was skipped (a purged message) still advance the cursor.
      const last = rows[rows.length - 1];
      if (last && last.seq > this.lastSeq) this.lastSeq = last.seq;
      if (rows.length < PULL_PAGE) return;
    }
  }
}
