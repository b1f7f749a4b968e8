import { batch, computed, effect, signal, type ReadonlySignal } from '../core/signals';
import {
  C,
  S,
  isDialogEvent,
  isRetryable,
  notifiesVisitor,
  type ClientFrameInput,
  type ErrorCode,
  type Message,
  type OfflineFormSubmission,
  type OperatorPublic,
  type PreChatSubmission,
  type ResumeCursor,
  type ServerFrame,
  type VisitorPublic,
  type WelcomeFrame,
} from '@parley/protocol';
import type { Storage } from '../core/storage';
import { ANONYMOUS, keys } from '../core/storage';
import type { ResumeHint } from '../core/hint';
import type { Emit } from '../core/contract';
import { warn } from '../core/warn';
import { applyEvent, applyHistory, applyWelcome, EMPTY_VIEW, trimView, unreadCount, type DialogView } from './dialog-view';
import { createOutbox, type AttachmentRef, type OutboxItem } from './outbox';
import { checkCache } from '../generated/validators-chat';
import { parse } from '../core/check';

export type PendingStatus = 'queued' | 'sending' | 'sent' | 'failed';

/** One row of the conversation as shown: a message the server has, or one of ours on its way. */
export type Entry =
  | { kind: 'message'; message: Message; read: boolean }
  | { kind: 'pending'; clientId: string; text: string; attachments: AttachmentRef[]; at: number; status: PendingStatus; error?: string };

/** `message` is the server's own text for the error, already in the visitor's locale. */
export type RequestState = { status: 'idle' | 'pending' | 'sent' } | { status: 'error'; code: ErrorCode; message: string };

export interface ChatDeps {
  storage: Storage;
  project: string;
  send(frame: ClientFrameInput): boolean;
  /** The connection is established (pending items show as sending rather than queued). */
  online: ReadonlySignal<boolean>;
  /** The panel is open and the tab visible: what arrives is read. */
  active: ReadonlySignal<boolean>;
  emit: Emit;
  newId(): string;
  now(): number;
  /** A new operator or system message arrived live (sound, title). */
  onLive(message: Message): void;
  /** Tell the other tabs the visitor read up to seq. */
  broadcastRead(who: string, dialogId: string, seq: number): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /** The anonymous visitor's history cache changed: the loader's resume hint (unread, dialog open). */
  hint?(h: ResumeHint): void;
}

const CACHE_MESSAGES = 100;
const TYPING_IDLE = 4000;
/** The draft preview follows the visitor's typing at most this often, and always ends on the last draft. */
const TYPING_EVERY = 400;
const OPERATOR_TYPING_TIMEOUT = 8000;
const RETRY_DELAY = 5000;

type Held = { view: DialogView; lastReadSeq: number; operatorReadSeq: number };

export type Chat = ReturnType<typeof createChat>;

/**
 * The conversation of one visitor identity: applies server frames in order, keeps the outbox and
 * the history cache, and turns visitor actions into frames. Owns its timers; destroy() clears them.
 */
export function createChat(deps: ChatDeps) {
  const view = signal<DialogView>(EMPTY_VIEW);
  const lastReadSeq = signal(0);
  const operatorReadSeq = signal(0);
  const operatorTyping = signal<OperatorPublic | null>(null);
  const visitor = signal<VisitorPublic | null>(null);
  const acked = signal<Readonly<Record<string, { seq: number; at: number }>>>({});
  const failed = signal<Readonly<Record<string, { item: Extract<OutboxItem, { kind: 'message' }>; code: ErrorCode; message: string }>>>({});
  const form = signal<RequestState>({ status: 'idle' });
  const rating = signal<RequestState>({ status: 'idle' });
  const preChat = signal<RequestState>({ status: 'idle' });
  let who = 'anon';
  const outbox = createOutbox(deps.storage, keys.outbox(deps.project, who));
  let syncing = false;
  // Off until use() has loaded this identity's cache: writing the empty start would wipe it.
  let persist = false;
  /**
   * The cached conversation of an identity the server has not verified on this device yet: held
   * back (never on screen) until reveal(), so a forged identify() shows nothing of that user.
   */
  let held: Held | null = null;
  let olderPending = false;
  let freshSnapshot = false;
  let typingOn = false;
  let draft = '';
  const timers = { typing: undefined as unknown, draft: undefined as unknown, operator: undefined as unknown, retry: undefined as unknown };
  const clear = (k: keyof typeof timers) => {
    if (timers[k] !== undefined) deps.clearTimeout(timers[k]);
    timers[k] = undefined;
  };

  /** The seq of the last change of the request's status the visitor did not cause: the badge counts it once until read. */
  const statusSeq = signal(0);
  const unread = computed(() => unreadCount(view.value.messages, lastReadSeq.value) + (statusSeq.value > lastReadSeq.value ? 1 : 0));

  const entries = computed<Entry[]>(() => {
    const v = view.value;
    const readSeq = operatorReadSeq.value;
    const out: Entry[] = v.messages.map((m) => ({ kind: 'message', message: m, read: m.author.kind === 'visitor' && m.seq <= readSeq }));
    const shown = new Set(v.messages.map((m) => m.clientId).filter(Boolean));
    const ack = acked.value;
    const online = deps.online.value;
    for (const item of outbox.items.value) {
      if (item.kind !== 'message' || shown.has(item.clientId)) continue;
      const status: PendingStatus = ack[item.clientId] ? 'sent' : online ? 'sending' : 'queued';
      out.push({ kind: 'pending', clientId: item.clientId, text: item.text, attachments: item.attachments, at: item.at, status });
    }
    for (const [clientId, f] of Object.entries(failed.value)) {
      if (!shown.has(clientId))
        out.push({ kind: 'pending', clientId, text: f.item.text, attachments: f.item.attachments, at: f.item.at, status: 'failed', error: f.message });
    }
    return out;
  });

  const frameOf = (item: OutboxItem): ClientFrameInput => {
    if (item.kind === 'message') {
      const m: ClientFrameInput = { type: C.MessageSend, clientId: item.clientId, text: item.text, attachments: item.attachments.map((a) => a.id) };
      return item.subject === undefined ? m : { ...m, subject: item.subject };
    }
    if (item.kind === 'form') return { type: C.OfflineFormSubmit, clientId: item.clientId, ...item.form };
    if (item.kind === 'prechat') return { type: C.PreChatSubmit, clientId: item.clientId, ...item.form };
    if (item.kind === 'event') {
      // A duration, not a time: the server places it by its own clock.
      const e: ClientFrameInput = { type: C.EventTrack, clientId: item.clientId, name: item.name, ago: Math.max(0, Math.round(deps.now() - item.at)) };
      return item.props ? { ...e, props: item.props } : e;
    }
    const r: ClientFrameInput = { type: C.RatingSubmit, clientId: item.clientId, dialogId: item.dialogId, score: item.score };
    return item.comment ? { ...r, comment: item.comment } : r;
  };

  const flush = () => {
    for (const item of outbox.items.value) if (!deps.send(frameOf(item))) return;
  };

  const enqueue = async (item: OutboxItem) => {
    const saved = outbox.add(item);
    // Behind a flush in progress the item goes out with it, in order.
    if (!syncing) deps.send(frameOf(item));
    await saved;
  };

  const stopTyping = () => {
    clear('typing');
    clear('draft');
    if (typingOn) deps.send({ type: C.Typing, typing: false });
    typingOn = false;
  };

  /** Sends the latest draft, then at most one more after TYPING_EVERY (the newest by then). */
  const sendDraft = () => {
    typingOn = deps.send({ type: C.Typing, typing: true, draft: draft.slice(0, 5000) });
    const sent = draft;
    timers.draft = deps.setTimeout(() => {
      timers.draft = undefined;
      if (typingOn && draft !== sent) sendDraft();
    }, TYPING_EVERY);
  };

  const markRead = () => {
    const v = view.value;
    if (!v.dialog || v.seq <= lastReadSeq.value) return;
    lastReadSeq.value = v.seq;
    deps.send({ type: C.Read, dialogId: v.dialog.id, seq: v.seq });
    deps.broadcastRead(who, v.dialog.id, v.seq);
  };

  const stops = [
    // The history cache of this identity follows every change.
    effect(() => {
      const snapshot = { ...trimView(view.value, CACHE_MESSAGES), lastReadSeq: lastReadSeq.value, unread: unread.value };
      if (!persist) return;
      void deps.storage.set(keys.history(deps.project, who), snapshot);
      if (who === ANONYMOUS) deps.hint?.({ u: snapshot.unread, o: snapshot.dialog?.status === 'open' });
    }),
    effect(() => {
      if (deps.active.value && unread.value > 0) markRead();
    }),
  ];

  const onRequestAck = (f: Extract<ServerFrame, { type: typeof S.RequestAck }>) => {
    const item = outbox.items.value.find((i) => i.clientId === f.clientId);
    if (!item) return;
    void outbox.remove(f.clientId);
    if (item.kind === 'form') {
      form.value = { status: 'sent' };
      deps.emit('offline-form:submitted', { id: f.id });
    } else if (item.kind === 'rating') {
      if (item.dialogId === view.value.dialog?.id) rating.value = { status: 'sent' };
      deps.emit('rating:submitted', { id: f.id, score: item.score });
    } else if (item.kind === 'prechat') {
      preChat.value = { status: 'sent' };
      // Asked and answered: the composer takes the form's place.
      if (visitor.value) visitor.value = { ...visitor.value, needsPreChat: false };
    }
  };

  const onRequestError = (f: Extract<ServerFrame, { type: typeof S.Error }>) => {
    const item = outbox.items.value.find((i) => i.clientId === f.clientId);
    if (!item) return;
    if (isRetryable(f.code)) {
      clear('retry');
      timers.retry = deps.setTimeout(() => {
        timers.retry = undefined;
        flush();
      }, RETRY_DELAY);
      return;
    }
    void outbox.remove(item.clientId);
    if (item.kind === 'event') warn(`event("${item.name}"): ${f.message}`);
    else if (item.kind === 'message') failed.value = { ...failed.value, [item.clientId]: { item, code: f.code, message: f.message } };
    else if (item.kind === 'form') form.value = { status: 'error', code: f.code, message: f.message };
    else if (item.kind === 'prechat') preChat.value = { status: 'error', code: f.code, message: f.message };
    else if (item.dialogId === view.value.dialog?.id)
      rating.value = f.code === 'already_rated' ? { status: 'sent' } : { status: 'error', code: f.code, message: f.message };
  };

  return {
    view,
    entries,
    unread,
    lastReadSeq,
    operatorReadSeq,
    operatorTyping,
    visitor,
    form,
    rating,
    preChat,
    outbox: outbox.items,

    /**
     * Switches to another identity's outbox and history cache. `verified: false` (a signed-in
     * identity the server has yet to check): its cache and outbox stay hidden and nothing is
     * written under its keys until reveal(); what the visitor sends meanwhile waits in memory.
     */
    async use(next: string, verified = true) {
      persist = false;
      const [raw] = await Promise.all([
        deps.storage.get<unknown>(keys.history(deps.project, next)),
        outbox.use(verified ? keys.outbox(deps.project, next) : null),
      ]);
      const cache = parse(checkCache, raw);
      const cached: Held = cache.ok
        ? {
            view: { dialog: cache.value.dialog, messages: cache.value.messages, seq: cache.value.seq, hasMore: cache.value.hasMore },
            lastReadSeq: cache.value.lastReadSeq,
            operatorReadSeq: cache.value.dialog?.readSeq || 0,
          }
        : { view: EMPTY_VIEW, lastReadSeq: 0, operatorReadSeq: 0 };
      batch(() => {
        who = next;
        held = verified ? null : cached;
        view.value = verified ? cached.view : EMPTY_VIEW;
        lastReadSeq.value = verified ? cached.lastReadSeq : 0;
        operatorReadSeq.value = verified ? cached.operatorReadSeq : 0;
        operatorTyping.value = null;
        visitor.value = null;
        acked.value = {};
        failed.value = {};
        persist = verified;
      });
    },

    /** The server verified the identity in use on this device: its cache and outbox may show now. */
    reveal() {
      if (!held) return;
      const cached = held;
      const written = outbox.items.value;
      held = null;
      void outbox.use(keys.outbox(deps.project, who));
      for (const item of written) void outbox.add(item);
      batch(() => {
        view.value = cached.view;
        lastReadSeq.value = cached.lastReadSeq;
        operatorReadSeq.value = cached.operatorReadSeq;
        persist = true;
      });
    },

    resume(): ResumeCursor | undefined {
      const v = view.value;
      return v.dialog && v.seq > 0 ? { dialogId: v.dialog.id, seq: v.seq } : undefined;
    },

    welcome(w: WelcomeFrame) {
      freshSnapshot = view.value.dialog?.id !== w.dialog?.id;
      olderPending = false;
      batch(() => {
        visitor.value = w.visitor;
        view.value = applyWelcome(view.value, w);
        operatorTyping.value = null;
        // How far operators have read, kept by the server: "Read" survives reloads and devices.
        operatorReadSeq.value = w.dialog?.readSeq ?? 0;
      });
      // Items left by earlier pages or other tabs go first, then anything written meanwhile, in order.
      syncing = true;
      void outbox.load().then(() => {
        syncing = false;
        flush();
      });
    },

    /** A developer event: into the outbox, sent now when connected, else after the next welcome. */
    track(item: Extract<OutboxItem, { kind: 'event' }>): Promise<void> {
      return enqueue(item);
    },

    /** Applies a frame; 'resync' asks the caller to reconnect (a hole in the sequence). */
    handle(f: ServerFrame): 'ok' | 'resync' {
      if (isDialogEvent(f)) {
        const r = applyEvent(view.value, f);
        if (r.kind === 'gap') return 'resync';
        if (r.kind === 'stale') return 'ok';
        const was = view.value.dialog?.request;
        view.value = r.view;
        const now = r.view.dialog?.request;
        // One notice on the badge for a change the visitor is told of (the server mails the same ones).
        if (was && now && now !== was && notifiesVisitor(now)) statusSeq.value = f.seq;
        // A (re)opened dialog has not been rated yet.
        if (f.type === S.DialogOpened) rating.value = { status: 'idle' };
        if (f.type === S.MessageNew && f.message.author.kind !== 'visitor') {
          const m = f.message;
          if (m.author.kind === 'operator') operatorTyping.value = null;
          const author = m.author.name === undefined ? { kind: m.author.kind } : { kind: m.author.kind, name: m.author.name };
          deps.emit('message:received', { id: m.id, dialogId: m.dialogId, text: m.text, author });
          deps.onLive(m);
        }
        return 'ok';
      }
      switch (f.type) {
        case S.History:
          view.value = applyHistory(view.value, f, olderPending);
          if (!olderPending && freshSnapshot) lastReadSeq.value = Math.max(lastReadSeq.value, f.cursor);
          olderPending = freshSnapshot = false;
          break;
        case S.MessageAck: {
          const item = outbox.items.value.find((i) => i.clientId === f.clientId);
          if (!item || item.kind !== 'message') break;
          acked.value = { ...acked.value, [f.clientId]: { seq: f.seq, at: f.createdAt } };
          void outbox.remove(f.clientId);
          deps.emit('message:sent', { clientId: f.clientId, id: f.messageId, dialogId: f.dialogId, text: item.text, author: { kind: 'visitor' } });
          break;
        }
        case S.RequestAck:
          onRequestAck(f);
          break;
        case S.Error:
          if (f.clientId) onRequestError(f);
          break;
        case S.Typing:
          clear('operator');
          operatorTyping.value = f.typing ? (f.operator ?? view.value.dialog?.operator ?? null) : null;
          if (f.typing) timers.operator = deps.setTimeout(() => (operatorTyping.value = null), OPERATOR_TYPING_TIMEOUT);
          break;
        case S.Read:
          if (f.dialogId === view.value.dialog?.id) operatorReadSeq.value = Math.max(operatorReadSeq.value, f.seq);
          break;
      }
      return 'ok';
    },

    flush,

    /** `subject` (even ''): this message starts a new request with that subject. */
    send(text: string, attachments: AttachmentRef[] = [], subject?: string) {
      stopTyping();
      const item: OutboxItem = { kind: 'message', clientId: deps.newId(), text, attachments, at: deps.now() };
      return enqueue(subject === undefined ? item : { ...item, subject });
    },

    submitForm(data: Omit<OfflineFormSubmission, 'clientId'>) {
      form.value = { status: 'pending' };
      return enqueue({ kind: 'form', clientId: deps.newId(), form: data, at: deps.now() });
    },

    submitPreChat(data: Omit<PreChatSubmission, 'clientId'>) {
      preChat.value = { status: 'pending' };
      return enqueue({ kind: 'prechat', clientId: deps.newId(), form: data, at: deps.now() });
    },

    /** Rates the current dialog, or (My requests) another closed request of this visitor. */
    submitRating(score: number, comment?: string, dialogId?: string) {
      const id = dialogId ?? view.value.dialog?.id;
      if (!id) return Promise.resolve();
      if (id === view.value.dialog?.id) rating.value = { status: 'pending' };
      const item: OutboxItem = { kind: 'rating', clientId: deps.newId(), dialogId: id, score, at: deps.now() };
      return enqueue(comment ? { ...item, comment } : item);
    },

    /** Removes a message the server refused for good. */
    discard(clientId: string) {
      const { [clientId]: _gone, ...rest } = failed.value;
      failed.value = rest;
    },

    markRead,

    readElsewhere(from: string, dialogId: string, seq: number) {
      if (from === who && dialogId === view.value.dialog?.id) lastReadSeq.value = Math.max(lastReadSeq.value, seq);
    },

    typing(text: string) {
      if (!text.trim()) return stopTyping();
      draft = text;
      clear('typing');
      if (!typingOn || timers.draft === undefined) {
        clear('draft');
        sendDraft();
      }
      timers.typing = deps.setTimeout(stopTyping, TYPING_IDLE);
    },

    /** Asks for older messages; false when there are none or a request is on its way. */
    fetchOlder(): boolean {
      const v = view.value;
      const first = v.messages[0];
      if (!v.hasMore || !v.dialog || !first || olderPending) return false;
      olderPending = deps.send({ type: C.HistoryFetch, dialogId: v.dialog.id, before: first.seq });
      return olderPending;
    },

    destroy() {
      for (const s of stops) s();
      clear('typing');
      clear('draft');
      clear('operator');
      clear('retry');
    },
  };
}
