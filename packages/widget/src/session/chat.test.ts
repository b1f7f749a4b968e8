import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signal } from '../core/signals';
import { C, S, type ClientFrameInput, type Message, type WelcomeFrame } from '@parley/protocol';
import { keys, memoryStorage } from '../core/storage';
import { createChat, type ChatDeps } from './chat';

const dialog = { id: 'd1', status: 'open' as const, createdAt: 1, operator: null };
const welcome = (over: Partial<WelcomeFrame> = {}): WelcomeFrame => ({
  type: S.Welcome,
  v: 1,
  token: 'T'.repeat(22),
  visitor: { kind: 'anonymous' },
  dialog: null,
  sync: 'none',
  cursor: 0,
  presence: { operatorsOnline: true, scheduleOpen: true, nextChange: null },
  configVersion: 'x',
  serverTime: 1,
  ...over,
});
const msg = (seq: number, kind: 'visitor' | 'operator' = 'operator', extra: Partial<Message> = {}): Message => ({
  id: `m${seq}`,
  dialogId: 'd1',
  seq,
  author: kind === 'operator' ? { kind, id: 'o1', name: 'Анна' } : { kind },
  text: `t${seq}`,
  attachments: [],
  createdAt: 1000 + seq,
  ...extra,
});

function setup(opts: { online?: boolean } = {}) {
  const storage = memoryStorage();
  const sent: ClientFrameInput[] = [];
  const online = signal(opts.online ?? true);
  const active = signal(false);
  const events: [string, unknown][] = [];
  const live: Message[] = [];
  const reads: unknown[] = [];
  let n = 0;
  const deps: ChatDeps = {
    storage,
    project: 'demo',
    send: (f) => {
      if (!online.value) return false;
      sent.push(f);
      return true;
    },
    online,
    active,
    emit: (e, p) => events.push([e, p]),
    newId: () => `client-id-${++n}`,
    now: () => 5000,
    onLive: (m) => live.push(m),
    broadcastRead: (...a) => reads.push(a),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
    hint: (h) => hints.push(h),
  };
  const hints: unknown[] = [];
  const chat = createChat(deps);
  return { chat, deps, storage, sent, online, active, events, live, reads, hints };
}

describe('createChat', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('queues messages while offline and sends them once, in order, after the welcome', async () => {
    const { chat, sent, online } = setup({ online: false });
    await chat.use('anon');
    await chat.send('one');
    await chat.send('two');
    await chat.send('three');
    expect(sent).toEqual([]);
    expect(chat.entries.value.map((e) => e.kind === 'pending' && e.status)).toEqual(['queued', 'queued', 'queued']);
    online.value = true;
    chat.welcome(welcome());
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((f) => f.type === C.MessageSend && f.text)).toEqual(['one', 'two', 'three']);
    expect(chat.entries.value.map((e) => e.kind === 'pending' && e.status)).toEqual(['sending', 'sending', 'sending']);
  });

  it('keeps the clientId until the ack, then shows the server message once', async () => {
    const { chat, sent, events, storage } = setup();
    await chat.use('anon');
    chat.welcome(welcome());
    await vi.advanceTimersByTimeAsync(0);
    await chat.send('hello');
    const frame = sent.find((f) => f.type === C.MessageSend);
    expect(frame).toMatchObject({ clientId: 'client-id-1', text: 'hello', attachments: [] });
    expect(await storage.get(keys.outbox('demo', 'anon'))).toHaveLength(1);
    chat.handle({ type: S.MessageAck, clientId: 'client-id-1', messageId: 'm2', dialogId: 'd1', seq: 2, createdAt: 7 });
    await vi.advanceTimersByTimeAsync(0);
    expect(await storage.get(keys.outbox('demo', 'anon'))).toEqual([]);
    expect(events).toContainEqual(['message:sent', { clientId: 'client-id-1', id: 'm2', dialogId: 'd1', text: 'hello', author: { kind: 'visitor' } }]);
    expect(chat.handle({ type: S.DialogOpened, dialogId: 'd1', seq: 1, at: 1, reopened: false })).toBe('ok');
    chat.handle({ type: S.MessageNew, dialogId: 'd1', seq: 2, message: msg(2, 'visitor', { clientId: 'client-id-1', text: 'hello' }) });
    expect(chat.entries.value).toEqual([{ kind: 'message', message: expect.objectContaining({ text: 'hello' }), read: false }]);
  });

  it('sends items left by an earlier page before new ones written during the sync', async () => {
    const { chat, sent, storage } = setup();
    await storage.set(keys.outbox('demo', 'anon'), [{ kind: 'message', clientId: 'earlier-1', text: 'earlier', attachments: [], at: 1 }]);
    await chat.use('anon');
    chat.welcome(welcome());
    await chat.send('new');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.filter((f) => f.type === C.MessageSend).map((f) => f.type === C.MessageSend && f.text)).toEqual(['earlier', 'new']);
  });

  it('applies live events, counts unread, announces and marks read when active', async () => {
    const { chat, sent, active, events, live, reads } = setup();
    await chat.use('anon');
    chat.welcome(welcome({ dialog, sync: 'gap', cursor: 1 }));
    chat.handle({ type: S.DialogOpened, dialogId: 'd1', seq: 1, at: 1, reopened: false });
    chat.handle({ type: S.MessageNew, dialogId: 'd1', seq: 2, message: msg(2) });
    expect(chat.unread.value).toBe(1);
    expect(live).toHaveLength(1);
    expect(events).toContainEqual(['message:received', { id: 'm2', dialogId: 'd1', text: 't2', author: { kind: 'operator', name: 'Анна' } }]);
    active.value = true;
    expect(chat.unread.value).toBe(0);
    expect(sent).toContainEqual({ type: C.Read, dialogId: 'd1', seq: 2 });
    expect(reads).toEqual([['anon', 'd1', 2]]);
  });

  it('shows the request status live and counts an operator status change once on the badge', async () => {
    const { chat, active } = setup();
    await chat.use('anon');
    chat.welcome(welcome({ dialog: { ...dialog, number: 7, request: 'new' }, sync: 'gap', cursor: 0 }));
    chat.handle({ type: S.MessageNew, dialogId: 'd1', seq: 1, message: msg(1) });
    expect(chat.view.value.dialog).toMatchObject({ number: 7, request: 'in_progress' });
    expect(chat.unread.value).toBe(1);
    chat.handle({ type: S.DialogWaiting, dialogId: 'd1', seq: 2, at: 2, waiting: true });
    expect(chat.view.value.dialog?.request).toBe('waiting');
    expect(chat.unread.value).toBe(2);
    active.value = true;
    expect(chat.unread.value).toBe(0);
    active.value = false;
    chat.handle({ type: S.MessageNew, dialogId: 'd1', seq: 3, message: msg(3, 'visitor', { clientId: 'client-id-3' }) });
    expect(chat.view.value.dialog?.request).toBe('in_progress');
    expect(chat.unread.value).toBe(0);
    chat.handle({ type: S.DialogClosed, dialogId: 'd1', seq: 4, at: 4 });
    expect(chat.view.value.dialog?.request).toBe('resolved');
    expect(chat.unread.value).toBe(1);
  });

  it('counts a reply once on the badge when the assignment before it put the request "in progress"', async () => {
    const { chat } = setup();
    await chat.use('anon');
    chat.welcome(welcome({ dialog: { ...dialog, number: 7, request: 'new' }, sync: 'gap', cursor: 0 }));
    chat.handle({ type: S.DialogAssigned, dialogId: 'd1', seq: 1, at: 1, operator: { id: 'o1', name: 'Анна', avatarUrl: null } });
    expect(chat.view.value.dialog?.request).toBe('in_progress');
    expect(chat.unread.value).toBe(0);
    chat.handle({ type: S.MessageNew, dialogId: 'd1', seq: 2, message: msg(2) });
    expect(chat.unread.value).toBe(1);
  });

  it("keeps the loader's resume hint with the anonymous visitor's cache (unread, dialog open), never a signed-in one's", async () => {
    const { chat, active, hints } = setup();
    await chat.use('anon');
    chat.welcome(welcome({ dialog, sync: 'gap', cursor: 1 }));
    chat.handle({ type: S.DialogOpened, dialogId: 'd1', seq: 1, at: 1, reopened: false });
    chat.handle({ type: S.MessageNew, dialogId: 'd1', seq: 2, message: msg(2) });
    expect(hints.at(-1)).toEqual({ u: 1, o: true });
    active.value = true;
    expect(hints.at(-1)).toEqual({ u: 0, o: true });
    const signedIn = setup();
    await signedIn.chat.use('u:alice');
    signedIn.chat.welcome(welcome({ dialog, sync: 'gap', cursor: 1 }));
    signedIn.chat.handle({ type: S.DialogOpened, dialogId: 'd1', seq: 1, at: 1, reopened: false });
    signedIn.chat.handle({ type: S.MessageNew, dialogId: 'd1', seq: 2, message: msg(2) });
    expect(signedIn.hints).toEqual([]);
  });

  it('asks for a resync on a hole in the sequence', async () => {
    const { chat } = setup();
    await chat.use('anon');
    chat.welcome(welcome({ dialog, sync: 'none', cursor: 3 }));
    expect(chat.handle({ type: S.MessageNew, dialogId: 'd1', seq: 5, message: msg(5) })).toBe('resync');
    expect(chat.handle({ type: S.MessageNew, dialogId: 'd1', seq: 4, message: msg(4) })).toBe('ok');
  });

  it('treats a first snapshot on this device as read, but not a later gap', async () => {
    const { chat } = setup();
    await chat.use('anon');
    chat.welcome(welcome({ dialog, sync: 'snapshot', cursor: 3 }));
    chat.handle({ type: S.History, dialogId: 'd1', dialog, messages: [msg(2), msg(3)], cursor: 3, hasMore: false });
    expect(chat.unread.value).toBe(0);
    chat.welcome(welcome({ dialog, sync: 'gap', cursor: 4 }));
    chat.handle({ type: S.MessageNew, dialogId: 'd1', seq: 4, message: msg(4) });
    expect(chat.unread.value).toBe(1);
  });

  it('restores the view from the cache of the same identity only', async () => {
    const a = setup();
    await a.chat.use('u:1');
    a.chat.welcome(welcome({ dialog, sync: 'snapshot', cursor: 2 }));
    a.chat.handle({ type: S.History, dialogId: 'd1', dialog, messages: [msg(2)], cursor: 2, hasMore: false });
    await vi.advanceTimersByTimeAsync(0);
    const c = setup();
    await c.storage.set(keys.history('demo', 'u:1'), await a.storage.get(keys.history('demo', 'u:1')));
    await c.chat.use('u:1');
    expect(c.chat.view.value).toMatchObject({ seq: 2, messages: [msg(2)] });
    expect(c.chat.resume()).toEqual({ dialogId: 'd1', seq: 2 });
    await c.chat.use('anon');
    expect(c.chat.view.value.messages).toEqual([]);
    expect(c.chat.resume()).toBeUndefined();
    await c.storage.set(keys.history('demo', 'u:2'), { dialog: 'garbage' });
    await c.chat.use('u:2');
    expect(c.chat.view.value.dialog).toBeNull();
  });

  it('does not overwrite the stored cache before loading it', async () => {
    const a = setup();
    await a.chat.use('anon');
    a.chat.welcome(welcome({ dialog, sync: 'snapshot', cursor: 2 }));
    a.chat.handle({ type: S.History, dialogId: 'd1', dialog, messages: [msg(2)], cursor: 2, hasMore: false });
    const b = createChat({ ...a.deps });
    await b.use('anon');
    expect(b.view.value.seq).toBe(2);
    expect(b.resume()).toEqual({ dialogId: 'd1', seq: 2 });
  });

  it('never sends one identity outbox under another', async () => {
    const { chat, sent, online } = setup({ online: false });
    await chat.use('u:1');
    await chat.send('secret of user 1');
    await chat.use('anon');
    online.value = true;
    chat.welcome(welcome());
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([]);
  });

  it('submits the offline form and the rating through the outbox and reports their acks', async () => {
    const { chat, sent, events } = setup();
    await chat.use('anon');
    chat.welcome(welcome({ dialog: { ...dialog, status: 'closed' }, sync: 'none', cursor: 3 }));
    await vi.advanceTimersByTimeAsync(0);
    await chat.submitForm({ name: 'Ann', email: 'ann@example.com', message: 'Call me' });
    expect(chat.form.value).toEqual({ status: 'pending' });
    expect(sent).toContainEqual({ type: C.OfflineFormSubmit, clientId: 'client-id-1', name: 'Ann', email: 'ann@example.com', message: 'Call me' });
    chat.handle({ type: S.RequestAck, clientId: 'client-id-1', kind: 'offline_form', id: 'lead1' });
    expect(chat.form.value).toEqual({ status: 'sent' });
    await chat.submitRating(5, 'Thanks');
    expect(sent).toContainEqual({ type: C.RatingSubmit, clientId: 'client-id-2', dialogId: 'd1', score: 5, comment: 'Thanks' });
    chat.handle({ type: S.RequestAck, clientId: 'client-id-2', kind: 'rating', id: 'r1' });
    expect(events).toContainEqual(['offline-form:submitted', { id: 'lead1' }]);
    expect(events).toContainEqual(['rating:submitted', { id: 'r1', score: 5 }]);
    expect(chat.outbox.value).toEqual([]);
    // A new dialog starts unrated.
    chat.handle({ type: S.DialogOpened, dialogId: 'd2', seq: 1, at: 9, reopened: false });
    expect(chat.rating.value).toEqual({ status: 'idle' });
  });

  it('retries a retryable refusal and fails a final one visibly', async () => {
    const { chat, sent } = setup();
    await chat.use('anon');
    chat.welcome(welcome());
    await vi.advanceTimersByTimeAsync(0);
    await chat.send('a');
    chat.handle({ type: S.Error, code: 'rate_limited', message: 'x', clientId: 'client-id-1', retryable: true, fatal: false });
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent.filter((f) => f.type === C.MessageSend)).toHaveLength(2);
    const text = 'Сообщение слишком длинное (не более 5000 символов). Ваше сообщение не доставлено';
    chat.handle({ type: S.Error, code: 'message_too_long', message: text, clientId: 'client-id-1', retryable: false, fatal: false });
    // The visitor reads the server's own text for it, in the connection's locale.
    expect(chat.entries.value).toEqual([expect.objectContaining({ kind: 'pending', status: 'failed', error: text })]);
    expect(chat.outbox.value).toEqual([]);
    chat.discard('client-id-1');
    expect(chat.entries.value).toEqual([]);
  });

  it('throttles the draft preview but always ends on the last draft, stops when idle, and shows the operator typing for a while', async () => {
    const { chat, sent } = setup();
    await chat.use('anon');
    chat.welcome(welcome());
    await vi.advanceTimersByTimeAsync(0);
    const drafts = () => sent.filter((f) => f.type === C.Typing).map((f) => (f as { draft?: string }).draft);
    chat.typing('h');
    chat.typing('he');
    chat.typing('hel');
    expect(drafts()).toEqual(['h']);
    await vi.advanceTimersByTimeAsync(400);
    // The newest draft follows (issue 13: the preview stayed on the first character).
    expect(drafts()).toEqual(['h', 'hel']);
    chat.typing('hell');
    chat.typing('hello');
    await vi.advanceTimersByTimeAsync(400);
    expect(drafts()).toEqual(['h', 'hel', 'hello']);
    // Nothing new typed: nothing more sent until the idle stop.
    await vi.advanceTimersByTimeAsync(1000);
    expect(drafts()).toEqual(['h', 'hel', 'hello']);
    await vi.advanceTimersByTimeAsync(4000);
    expect(sent.filter((f) => f.type === C.Typing).at(-1)).toEqual({ type: C.Typing, typing: false });
    chat.handle({ type: S.Typing, typing: true, operator: { id: 'o1', name: 'Анна', avatarUrl: null } });
    expect(chat.operatorTyping.value?.name).toBe('Анна');
    await vi.advanceTimersByTimeAsync(8000);
    expect(chat.operatorTyping.value).toBeNull();
  });

  it('fetches older history once and merges it', async () => {
    const { chat, sent } = setup();
    await chat.use('anon');
    chat.welcome(welcome({ dialog, sync: 'snapshot', cursor: 60 }));
    chat.handle({ type: S.History, dialogId: 'd1', dialog, messages: [msg(59), msg(60)], cursor: 60, hasMore: true });
    expect(chat.fetchOlder()).toBe(true);
    expect(chat.fetchOlder()).toBe(false);
    expect(sent).toContainEqual({ type: C.HistoryFetch, dialogId: 'd1', before: 59 });
    chat.handle({ type: S.History, dialogId: 'd1', dialog, messages: [msg(58)], cursor: 60, hasMore: false });
    expect(chat.view.value.messages.map((m) => m.seq)).toEqual([58, 59, 60]);
    expect(chat.view.value.seq).toBe(60);
  });
  it('sends developer events through the outbox, in order with messages, with their age; the ack removes them', async () => {
    const { chat, sent, online, storage } = setup({ online: false });
    await chat.use('anon');
    await chat.track({ kind: 'event', clientId: 'event-id-1', name: 'viewed_pricing', at: 4000 });
    await chat.send('hi');
    await chat.track({ kind: 'event', clientId: 'event-id-2', name: 'checkout', props: { plan: 'pro' }, at: 4500 });
    // Events are not conversation entries.
    expect(chat.entries.value).toHaveLength(1);
    expect(await storage.get(keys.outbox('demo', 'anon'))).toHaveLength(3);
    online.value = true;
    chat.welcome(welcome());
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([
      { type: C.EventTrack, clientId: 'event-id-1', name: 'viewed_pricing', ago: 1000 },
      expect.objectContaining({ type: C.MessageSend, text: 'hi' }),
      { type: C.EventTrack, clientId: 'event-id-2', name: 'checkout', props: { plan: 'pro' }, ago: 500 },
    ]);
    chat.handle({ type: S.RequestAck, clientId: 'event-id-1', kind: 'event', id: 'ev1' });
    await vi.advanceTimersByTimeAsync(0);
    expect((await storage.get<{ clientId: string }[]>(keys.outbox('demo', 'anon')))?.map((i) => i.clientId)).toEqual(['client-id-1', 'event-id-2']);
  });

  it('a signed-in identity not yet verified shows nothing of its cache or outbox, and writes nothing under its keys', async () => {
    const { chat, storage } = setup({ online: false });
    const cached = { dialog, messages: [msg(1, 'visitor', { text: 'A private' })], seq: 1, hasMore: false, lastReadSeq: 1, unread: 0 };
    await storage.set(keys.history('demo', 'u:alice'), cached);
    await storage.set(keys.outbox('demo', 'u:alice'), [{ kind: 'message', clientId: 'alice-unsent-1', text: 'A unsent', attachments: [], at: 1 }]);
    await chat.use('u:alice', false);
    expect(chat.view.value.messages).toEqual([]);
    expect(chat.entries.value).toEqual([]);
    // Whoever is at the keyboard writes meanwhile: kept in memory, not in alice's outbox.
    await chat.send('written before verification');
    expect(chat.entries.value.map((e) => e.kind === 'pending' && e.text)).toEqual(['written before verification']);
    await vi.advanceTimersByTimeAsync(0);
    expect((await storage.get<unknown[]>(keys.outbox('demo', 'u:alice')))?.length).toBe(1);
    expect(await storage.get(keys.history('demo', 'u:alice'))).toEqual(cached);
    // Verified: the cache shows, and what was written joins alice's outbox after her own items.
    chat.reveal();
    await vi.advanceTimersByTimeAsync(0);
    expect(chat.view.value.messages.map((m) => m.text)).toEqual(['A private']);
    const stored = await storage.get<{ text: string }[]>(keys.outbox('demo', 'u:alice'));
    expect(stored?.map((i) => i.text)).toEqual(['A unsent', 'written before verification']);
    expect(chat.entries.value.filter((e) => e.kind === 'pending').map((e) => e.kind === 'pending' && e.text)).toEqual([
      'A unsent',
      'written before verification',
    ]);
  });

  it('an identity that fails verification leaves its cache unseen and its outbox untouched', async () => {
    const { chat, storage } = setup({ online: false });
    await storage.set(keys.history('demo', 'u:alice'), {
      dialog,
      messages: [msg(1, 'visitor', { text: 'A private' })],
      seq: 1,
      hasMore: false,
      lastReadSeq: 1,
      unread: 0,
    });
    await chat.use('u:alice', false);
    await chat.send('forged attempt');
    await chat.use('anon');
    expect(chat.view.value.messages).toEqual([]);
    expect(chat.entries.value).toEqual([]);
    expect(await storage.get(keys.outbox('demo', 'u:alice'))).toBeUndefined();
  });
});
