import { S, type Channel, type DialogEvent, type Message, type OperatorPublic } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { messageId } from '../util/sortable-id';
import { DomainError } from '../util/errors';
import type { Dialect, Tx } from '../storage/sql';
import { dialogs, raw, type DialogCard, type DialogSet } from '../storage/dialogs';
import { events as eventRepo } from '../storage/events';
import { files as fileRepo, messages as messageRepo } from '../storage/messages';
import { visitors, visitorSearch } from '../storage/visitors';
import { readMarks } from '../storage/read-marks';
import type { SqlExec } from '../storage/sql';
import type { DialogRow, FileRow, MessageRow } from '../storage/rows';
import { eventRows, type NewEvent } from './events';
import { publishChange } from './fanout';
import { onDialogEvents } from './webhooks/hooks';
import { afterOwnRead, afterVisitorMessage, messageView, renderEventRows } from './render';
import { needsPreChat } from './prechat';
import { dialogStarted } from './routing';
import { canSee, type Actor } from './visibility';
import { topics, type VisitorTopicMsg } from '../realtime/topics';

export const PREVIEW_LENGTH = 200;

/** Who is sending for a visitor socket. Mutable: an anonymous visitor's closed dialog makes a new visitor. */
export interface VisitorSender {
  projectId: string;
  visitorId: string;
  kind: 'anonymous' | 'verified';
  /** Every visitor row this socket has spoken as (their uploads and messages stay theirs); usually one. */
  visitorIds: string[];
  deviceId: string | null;
  channel: Channel;
}

export type Author = { kind: 'visitor'; sender: VisitorSender } | { kind: 'operator'; actor: Actor; op: OperatorPublic; dialogId: string };

export interface MessageAck {
  clientId: string;
  messageId: string;
  dialogId: string;
  seq: number;
  createdAt: number;
}

export interface SendResult {
  ack: MessageAck;
  /** The visitor row the message was written as (the dialog's party), for visitor messages. */
  visitorId: string | null;
  /** The message as operators see it. */
  message: Message;
  duplicate: boolean;
  /** The visitor row the dialog belongs to (absent for a duplicate: nothing was written). */
  party?: string;
  /**
   * Set when the sender now speaks as another visitor row: an anonymous visitor's closed dialog
   * made a new one, or another tab of theirs had already done so (its successor).
   */
  switched?: Switched;
  /** Visitor rows the sender spoke as before the switch. */
  predecessors?: string[];
  /**
   * The events this send added to the dialog (operator view; absent for a duplicate), the same
   * objects the fan-out publishes: the author's own socket sends them with the ack.
   */
  events?: DialogEvent[];
}

export interface Switched {
  visitorId: string;
  token: string;
  tokenHash: string;
  deviceId: string | null;
}

function ackOf(m: MessageRow): MessageAck {
  return { clientId: m.client_id ?? '', messageId: m.id, dialogId: m.dialog_id, seq: m.seq, createdAt: m.created_at };
}

/** The fields a new message sets on its dialog's list row. */
export function previewSet(text: string, author: 'visitor' | 'operator' | 'system', hasFiles: boolean, now: number): DialogSet {
  return {
    last_activity_at: now,
    last_message_text: text.slice(0, PREVIEW_LENGTH),
    last_message_author: author,
    last_message_at: now,
    last_message_has_attachments: hasFiles ? 1 : 0,
  };
}

export const REOPEN_SET = (now: number): DialogSet => ({
  status: 'open',
  close_status: null,
  closed_at: null,
  rating_score: null,
  rating_comment: null,
  rated_at: null,
  rating_client_id: null,
  last_activity_at: now,
  waiting_at: null,
});

/**
 * A visitor's new dialog, born with its dialog.opened event ahead of its first line; the event
 * tells the visitor the request's number, which the insert draws.
 */
export async function startDialog(tx: Tx, d: Dialect, row: DialogRow, before: NewEvent[], now: number): Promise<DialogCard | undefined> {
  const opened = { at: now, reopened: false, number: 0 };
  before.push({ type: S.DialogOpened, payload: opened });
  const card = await dialogs.insert(tx, d, row);
  if (card?.number) opened.number = card.number;
  return card;
}

/**
 * A new line in a visitor's existing dialog (a visitor message, a system line): a closed one
 * reopens first, with its dialog.opened event ahead of the line's own.
 */
export function continueDialog(tx: Tx, d: Dialect, latest: DialogRow, before: NewEvent[], set: DialogSet, now: number): Promise<DialogCard | undefined> {
  const reopen = latest.status === 'closed';
  if (reopen) before.push({ type: S.DialogOpened, payload: { at: now, reopened: true, operatorId: null } });
  return dialogs.advance(tx, d, latest.id, before.length + 1, now, reopen ? { ...set, ...REOPEN_SET(now) } : set);
}

/**
 * The one idempotent send path, for visitors and operators alike. The write joins the next group
 * commit; the promise settles right after that commit (so the caller acks then), and the fan-out
 * is scheduled from what the transaction returned, never read again, never awaited here.
 *
 * The same clientId again (also after a restart) answers with the first message, and only to its
 * author; anyone else's id is `conflict` and reveals nothing.
 */
export async function sendMessage(
  ctx: Ctx,
  author: Author,
  input: { clientId: string; text: string; attachments: string[]; subject?: string | undefined },
): Promise<SendResult> {
  const attachmentIds = [...new Set(input.attachments)];
  const empty = input.text.trim() === '' && attachmentIds.length === 0;
  const r = await ctx.store.write(async (tx): Promise<Written> => {
    if (author.kind === 'operator') {
      // The dialog and the idempotency check in one statement.
      const cur = await dialogs.byIdWithClientId(tx, author.dialogId, author.actor.projectId, input.clientId);
      const dupId = cur ? cur.dup_id : (await messageRepo.byClientId(tx, author.actor.projectId, input.clientId))?.id;
      const dup = dupId ? await messageRepo.byId(tx, dupId) : undefined;
      if (dup) return duplicate(ctx, tx, author, dup);
      if (empty) throw new DomainError('message_empty');
      return writeOperator(ctx, tx, author, cur, input, attachmentIds);
    }
    const s = author.sender;
    // The common case (text only, into the open dialog, a new client id) in one statement; when it
    // finds nothing, the resend check and the rest of the path below say why.
    const now = ctx.now();
    const first =
      empty || attachmentIds.length > 0 || input.subject !== undefined
        ? undefined
        : ((await dialogs.appendVisitorMessage(tx, ctx.store.dialect, {
            visitorId: s.visitorId,
            now,
            preview: input.text.slice(0, PREVIEW_LENGTH),
            hasAttachments: false,
            unlessClientId: { projectId: s.projectId, clientId: input.clientId },
          })) ?? null);
    if (first) return writeVisitor(ctx, tx, s, input, [], { card: first, now });
    // The rest (a resend, a new or reopened dialog, a successor row, attachments) reads and writes
    // more than this visitor's open dialog: it runs alone, after the other visitors' messages.
    await tx.exclusive();
    const dup = await messageRepo.byClientId(tx, s.projectId, input.clientId);
    if (dup) return duplicate(ctx, tx, author, dup);
    if (empty) throw new DomainError('message_empty');
    // Tried above and found no open dialog (or a block): not tried again.
    return writeVisitor(ctx, tx, s, input, attachmentIds, first === null ? { card: null, now } : undefined);
  }, visitorKey(author));
  if (r.switched) {
    // The visitor's other tabs (sockets of the rows before) follow to the new row.
    const to = r.switched.visitorId;
    const projectId = author.kind === 'visitor' ? author.sender.projectId : '';
    for (const id of r.predecessors ?? []) {
      ctx.bus.publish(topics.visitors(projectId), { t: 'successor', visitorId: id, successorId: to } satisfies VisitorTopicMsg);
    }
  }
  if (r.change) {
    const change = r.change;
    // Rendered once, here: the author's socket sends them with the ack, the fan-out publishes them.
    change.events = renderEventRows(change.rows, change.messages ?? new Map());
    const uncounted = r.uncounted === true;
    ctx.fanout.schedule(() => {
      // The ack needs none of the card's unread counts: the message joins them after it, here.
      if (uncounted) change.card = afterVisitorMessage(change.card);
      publishChange(ctx, change);
    });
    // A brand-new dialog (not a reopened one) is routed, maybe assigned, maybe announced.
    if (r.started) {
      const text = input.text;
      ctx.fanout.schedule(() => {
        dialogStarted(ctx, change.card, text).catch((err: unknown) => ctx.log.error({ err }, 'routing a new dialog failed'));
      });
    }
  }
  const out: SendResult = { ack: ackOf(r.row), visitorId: r.row.visitor_id, message: r.view, duplicate: !r.change };
  if (r.change) {
    out.party = r.change.card.visitor_id;
    out.events = r.change.events;
  }
  if (r.switched) {
    out.switched = r.switched;
    out.predecessors = r.predecessors ?? [];
  }
  return out;
}

/**
 * Visitor messages of different visitor rows touch different dialogs (the common path's one
 * statement finds the row's own open dialog), so their jobs may run at once; operators' run alone.
 */
function visitorKey(author: Author): string | undefined {
  return author.kind === 'visitor' ? `visitor:${author.sender.visitorId}` : undefined;
}

interface Written {
  row: MessageRow;
  view: Message;
  change?: Parameters<typeof publishChange>[1];
  switched?: Switched;
  predecessors?: string[];
  /** A new dialog was opened (routing follows). */
  started?: boolean;
  /**
   * The card's unread counts were read by the dialog's UPDATE, before this visitor message was
   * inserted: the fan-out adds it (afterVisitorMessage), before routing reads the card.
   */
  uncounted?: boolean;
}

/** A blocked visitor's messages are refused with a neutral text (they are not told why). */
export async function refuseBlocked(x: SqlExec, visitorId: string): Promise<void> {
  const v = await visitors.byId(x, visitorId);
  if (v && v.blocked_at !== null) throw new DomainError('visitor_blocked');
}

async function duplicate(ctx: Ctx, tx: Tx, author: Author, m: MessageRow): Promise<Written> {
  if (author.kind === 'visitor') {
    const s = author.sender;
    const mine = (ids: readonly string[]) => m.author_kind === 'visitor' && m.visitor_id !== null && ids.includes(m.visitor_id);
    if (mine(s.visitorIds)) return { row: m, view: messageView(m, [], undefined) };
    // Another tab of this anonymous visitor may have sent it after a close, as the successor row.
    const followed = mine(await successorChain(tx, s)) ? await followSuccessor(tx, s, ctx.now()) : null;
    // Someone else's id: never confirm or reveal anything about it.
    if (!followed) throw new DomainError('conflict');
    return { row: m, view: messageView(m, [], undefined), ...followed };
  }
  if (m.author_kind !== 'operator' || m.operator_id !== author.actor.id || m.dialog_id !== author.dialogId) throw new DomainError('conflict');
  return { row: m, view: messageView(m, await fileRepo.ofMessages(tx, [m.id]), author.op) };
}

/** A new message row at the dialog's last seq; its id sorts by time (util/sortable-id.ts). */
export function newMessage(
  d: DialogCard,
  fields: Pick<MessageRow, 'client_id' | 'author_kind' | 'operator_id' | 'visitor_id' | 'device_id' | 'text' | 'channel'>,
  now: number,
): MessageRow {
  return { id: messageId(now), project_id: d.project_id, dialog_id: d.id, seq: d.last_seq, ...fields, created_at: now, edited_at: null, deleted_at: null };
}

/** Inserts the message and its events into the dialog the card describes (its last seq is the message's). */
export async function finish(
  ctx: Pick<Ctx, 'integrations'>,
  tx: Tx,
  card: DialogCard,
  before: NewEvent[],
  m: MessageRow,
  files: FileRow[],
  op: OperatorPublic | undefined,
  now: number,
) {
  const rows = eventRows(card.id, card.last_seq, [...before, { type: S.MessageNew, payload: {}, messageId: m.id }], now);
  await messageRepo.insert(tx, m);
  await eventRepo.insert(tx, rows);
  if (files.length > 0)
    await fileRepo.bind(
      tx,
      files.map((f) => f.id),
      m.id,
      card.id,
    );
  const view = messageView(m, files, op);
  const messages = new Map([[m.id, view]]);
  // The webhook outbox, in this transaction (no statement when the project has no endpoints).
  await onDialogEvents(ctx.integrations, tx, card.project_id, card.id, rows, now, messages);
  return { rows, view, messages };
}

async function writeVisitor(
  ctx: Ctx,
  tx: Tx,
  s: VisitorSender,
  input: { clientId: string; text: string; subject?: string | undefined },
  attachmentIds: string[],
  /** The common case's append, already tried by the caller (`card` null: it found no open dialog). */
  appended?: { card: DialogCard | null; now: number },
): Promise<Written> {
  let files: FileRow[] = [];
  if (attachmentIds.length > 0) {
    files = (await fileRepo.unbound(tx, s.projectId, attachmentIds)).filter(
      (f) => f.uploader_visitor_id !== null && s.visitorIds.includes(f.uploader_visitor_id),
    );
    if (files.length !== attachmentIds.length) throw new DomainError('not_found', { detail: 'unknown attachment' });
  }
  const now = appended?.now ?? ctx.now();
  const d = ctx.store.dialect;
  // A subject (even '') starts a new request: never appended to the current one (issue 19).
  const fresh = input.subject !== undefined;
  // The common case, one statement: the latest dialog is open.
  let card = appended
    ? (appended.card ?? undefined)
    : fresh
      ? undefined
      : await dialogs.appendVisitorMessage(tx, d, {
          visitorId: s.visitorId,
          now,
          preview: input.text.slice(0, PREVIEW_LENGTH),
          hasAttachments: files.length > 0,
        });
  const before: NewEvent[] = [];
  let switched: Switched | undefined;
  let predecessors: string[] | undefined;
  let started = false;
  if (!card) {
    // Not the common case: blocked, no open latest dialog, or another tab of this anonymous visitor
    // already continued after the close (then this one continues as that successor).
    await refuseBlocked(tx, s.visitorId);
    const followed = fresh && s.kind === 'verified' ? null : await followSuccessor(tx, s, now);
    if (followed) {
      ({ switched, predecessors } = followed);
      card = await dialogs.appendVisitorMessage(tx, d, {
        visitorId: s.visitorId,
        now,
        preview: input.text.slice(0, PREVIEW_LENGTH),
        hasAttachments: files.length > 0,
      });
    }
  }
  if (!card) {
    let latest = await dialogs.latestOfVisitor(tx, s.visitorId);
    if (latest?.status === 'closed' && s.kind === 'anonymous') {
      // Anonymous: a closed dialog is over. Start afresh with a new visitor row and token, so
      // nothing links the next dialog to the previous one.
      predecessors = [...s.visitorIds];
      switched = await switchVisitor(tx, s, now);
      latest = undefined;
    }
    // The client answered: a "waiting for the client" mark comes off.
    const set: DialogSet = { ...previewSet(input.text, 'visitor', files.length > 0, now), unread: raw('unread + 1'), waiting_at: null };
    if (fresh) latest = undefined;
    if (!latest) {
      const v = await visitors.byId(tx, s.visitorId);
      // A new conversation starts once the project's pre-chat form has what it asks for.
      const preChat = (await ctx.projects.get(s.projectId))?.settings.preChat;
      if (preChat && v && needsPreChat(preChat, v)) throw new DomainError('prechat_required');
      started = true;
      // Born with its first two events (opened, the message) and the message's preview.
      card = await startDialog(
        tx,
        d,
        {
          ...newDialog(s, v?.custom_params ?? '{}', now),
          last_seq: 2,
          unread: 1,
          last_message_text: input.text.slice(0, PREVIEW_LENGTH),
          last_message_author: 'visitor',
          last_message_at: now,
          last_message_has_attachments: files.length > 0 ? 1 : 0,
          subject: input.subject?.trim() || null,
        },
        before,
        now,
      );
    } else card = await continueDialog(tx, d, latest, before, set, now);
    if (!card) throw new Error('dialog vanished inside its transaction');
  }
  const m = newMessage(
    card,
    {
      client_id: input.clientId,
      author_kind: 'visitor',
      operator_id: null,
      visitor_id: s.visitorId,
      device_id: s.deviceId,
      text: input.text,
      channel: s.channel,
    },
    now,
  );
  const f = await finish(ctx, tx, card, before, m, files, undefined, now);
  const out: Written = {
    row: m,
    view: f.view,
    change: { card, rows: f.rows, messages: f.messages, visitorMessage: f.view },
    uncounted: true,
  };
  if (started) out.started = true;
  if (predecessors) out.predecessors = predecessors;
  // Other sockets of this visitor (tabs, devices) follow a new or reopened dialog.
  if (before.length > 0 && !switched) out.change!.followVisitorId = s.visitorId;
  if (switched) out.switched = switched;
  return out;
}

export function newDialog(s: Pick<VisitorSender, 'projectId' | 'visitorId' | 'channel'>, params: string, now: number): DialogRow {
  return {
    id: randomId(),
    project_id: s.projectId,
    visitor_id: s.visitorId,
    status: 'open',
    close_status: null,
    channel: s.channel,
    assignee_id: null,
    last_seq: 0,
    custom_params: params,
    created_at: now,
    updated_at: now,
    closed_at: null,
    last_activity_at: now,
    rating_score: null,
    rating_comment: null,
    rated_at: null,
    rating_client_id: null,
    unread: 0,
    operator_read_seq: 0,
    visitor_read_seq: 0,
    last_message_text: null,
    last_message_author: null,
    last_message_at: null,
    last_message_has_attachments: 0,
    group_id: null,
    erased_at: null,
    first_reply_at: null,
    number: null,
    waiting_at: null,
    subject: null,
    continued_at: null,
  };
}

/** A copy of the visitor (and device) with a new id and token; the sender speaks as it from now on. */
async function switchVisitor(tx: Tx, s: VisitorSender, now: number): Promise<NonNullable<SendResult['switched']>> {
  const old = await visitors.byId(tx, s.visitorId);
  if (!old) throw new DomainError('not_found');
  const visitorId = randomId();
  const copy = { ...old, id: visitorId, referrer: null, first_seen_at: now, last_seen_at: now, successor_id: null, erased_at: null };
  await visitors.insert(tx, { ...copy, search: visitorSearch(copy) });
  // The old row points to the new one, so the visitor's other tabs and old tokens continue here too.
  await visitors.setSuccessor(tx, old.id, visitorId);
  const deviceId = await deviceUnder(tx, s.deviceId, visitorId, now);
  const t = await visitors.issueToken(tx, visitorId, deviceId, now);
  becomes(tx, s, visitorId, deviceId, [...s.visitorIds, visitorId]);
  return { visitorId, token: t.token, tokenHash: t.tokenHash, deviceId };
}

/** The sender speaks as `visitorId` from now on (back as before if this write is rolled back). */
function becomes(tx: Tx, s: VisitorSender, visitorId: string, deviceId: string | null, ids: string[]): void {
  const prev = { visitorId: s.visitorId, deviceId: s.deviceId, ids: s.visitorIds };
  s.visitorId = visitorId;
  s.deviceId = deviceId;
  s.visitorIds = ids;
  tx.onRollback(() => {
    s.visitorId = prev.visitorId;
    s.deviceId = prev.deviceId;
    s.visitorIds = prev.ids;
  });
}

/** Every visitor row an anonymous sender continued as, after its own (just its own when none). */
async function successorChain(x: SqlExec, s: VisitorSender): Promise<string[]> {
  return s.kind === 'anonymous' ? (await visitors.latestSuccessor(x, s.visitorId)).chain : [s.visitorId];
}

/**
 * An anonymous visitor whose closed dialog was already continued (another tab wrote first)
 * continues as that successor: a token of its own for this device, and every row passed through
 * still counts as theirs (idempotency, rating). Null when there is nothing to follow.
 */
export async function followSuccessor(tx: Tx, s: VisitorSender, now: number): Promise<{ switched: Switched; predecessors: string[] } | null> {
  const chain = await successorChain(tx, s);
  const to = chain[chain.length - 1] as string;
  if (to === s.visitorId) return null;
  const deviceId = await deviceUnder(tx, s.deviceId, to, now);
  const t = await visitors.issueToken(tx, to, deviceId, now);
  const predecessors = [...new Set([...s.visitorIds, ...chain.slice(0, -1)])];
  becomes(tx, s, to, deviceId, [...predecessors, to]);
  return { switched: { visitorId: to, token: t.token, tokenHash: t.tokenHash, deviceId }, predecessors };
}

/** This device's row under another visitor: the one with the same fingerprint, or a copy. */
async function deviceUnder(tx: Tx, fromDeviceId: string | null, visitorId: string, now: number): Promise<string | null> {
  if (!fromDeviceId) return null;
  const dev = await visitors.deviceById(tx, fromDeviceId);
  if (!dev) return null;
  if (dev.visitor_id === visitorId) return dev.id;
  const same = await visitors.deviceByFingerprint(tx, visitorId, dev.fingerprint);
  if (same) return same.id;
  const id = randomId();
  await visitors.insertDevice(tx, { ...dev, id, visitor_id: visitorId, first_seen_at: now, last_seen_at: now });
  return id;
}

async function writeOperator(
  ctx: Ctx,
  tx: Tx,
  a: Extract<Author, { kind: 'operator' }>,
  cur: DialogRow | undefined,
  input: { clientId: string; text: string },
  attachmentIds: string[],
): Promise<Written> {
  // A dialog the operator may not see answers exactly like a missing one.
  if (!cur || cur.project_id !== a.actor.projectId || !canSee(a.actor, cur)) throw new DomainError('not_found');
  if (cur.status !== 'open') throw new DomainError('dialog_closed');
  let files: FileRow[] = [];
  if (attachmentIds.length > 0) {
    files = (await fileRepo.unbound(tx, a.actor.projectId, attachmentIds)).filter((f) => f.uploader_operator_id === a.actor.id);
    if (files.length !== attachmentIds.length) throw new DomainError('not_found', { detail: 'unknown attachment' });
  }
  const now = ctx.now();
  const before: NewEvent[] = [];
  // Answering a new chat takes it.
  const take = cur.assignee_id === null;
  if (take) before.push({ type: S.DialogAssigned, payload: { at: now, operator: a.op, by: a.actor.id } });
  const n = before.length + 1;
  const set: DialogSet = {
    ...previewSet(input.text, 'operator', files.length > 0, now),
    // An operator reply means the operators have read everything before it.
    unread: 0,
    operator_read_seq: raw(`last_seq + ${n}`),
    // The first operator reply (statistics' first response time); `now` is an integer.
    first_reply_at: raw(`COALESCE(first_reply_at, ${Math.trunc(now)})`),
  };
  if (take) set.assignee_id = a.actor.id;
  const card = await dialogs.advance(tx, ctx.store.dialect, cur.id, n, now, set, 'open');
  if (!card) throw new DomainError('dialog_closed');
  const m = newMessage(
    card,
    {
      client_id: input.clientId,
      author_kind: 'operator',
      operator_id: a.actor.id,
      visitor_id: null,
      device_id: null,
      text: input.text,
      channel: 'web',
    },
    now,
  );
  const f = await finish(ctx, tx, card, before, m, files, a.op, now);
  // Answering means having read everything before the answer.
  await readMarks.advance(tx, card.id, a.actor.id, m.seq);
  const read = afterOwnRead(card, a.actor.id);
  return {
    row: m,
    view: f.view,
    change: take ? { card: read, rows: f.rows, messages: f.messages, prevAssigneeId: null } : { card: read, rows: f.rows, messages: f.messages },
  };
}
