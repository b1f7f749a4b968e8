/**
 * Entry of the chat chunk, imported when the visitor interacts (or there is a conversation to
 * follow): connects the socket, keeps the chat model per identity, and mounts the panel when asked.
 */
import { computed, effect, signal } from '../core/signals';
import {
  C,
  PROTOCOL_VERSION,
  S,
  WidgetRoutes,
  type ClientFrameInput,
  type CustomParamsPatch,
  type Identity,
  type PageInfo,
  type ServerFrame,
  type Locale,
} from '@parley/protocol';
import type { CreateSession, Session, SessionContext } from '../core/contract';
import { ANONYMOUS, forgetIdentity, keys, storageFor } from '../core/storage';
import { hintKeys, readHint, writeHint } from '../core/hint';
import { identityKey, parseIdentity } from '../core/identity';
import { ParleyError } from '../core/errors';
import { warn } from '../core/warn';
import { parse } from '../core/check';
import { checkApp } from '../generated/validators-chat';
import { loadLocaleTexts, unknownTextKeys } from './locale-texts';
import { forgetSentPages, journeyPages } from './journey';
import { createSocket } from './socket';
import { createChat } from './chat';
import { detectDevice } from './device-info';
import { createTabs } from './tabs';
import type { Attention } from './attention';
import { lazyChunk } from '../ui/lazy';
import type { PanelDeps } from './panel-contract';
import { mountPanel } from '../ui/index';
import { prefetchFullScreen } from '../ui/behaviors';
import { createCallHost } from './call-host';

interface Waiter {
  resolve(): void;
  reject(e: Error): void;
}

/** 128 random bits, base64url: the idempotency key of everything the visitor sends. */
function newClientId(c: Crypto): string {
  const bytes = c.getRandomValues(new Uint8Array(16));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export { checkWidgetConfig } from './config-check';

/** The loader's logout before the chat connected: forgets the anonymous visitor's data on this device. */
export const forgetAnonymous = (win: Window, project: string): Promise<void> => forgetIdentity(storageFor(win), project, ANONYMOUS);

export const createSession: CreateSession = (ctx: SessionContext): Session => {
  const { win, doc, state, project } = ctx;
  const storage = storageFor(win);
  // The built-in texts of the locale shown (and of any it switches to), each loaded once: the chat's
  // part, and the rest once a view that shows it is asked for (`more`; from then on, for every locale shown).
  const tables = new Map<string, Promise<unknown>>();
  /** Every text id loaded so far (the locales have the same ids), and whether that includes the rest. */
  const known = signal<{ ids: Readonly<Record<string, string>>; all: boolean } | null>(null);
  const wantMore = signal(false);
  const textsFor = (locale: Locale, more = false): Promise<unknown> => {
    const id = locale + more;
    let p = tables.get(id);
    if (!p) {
      p = loadLocaleTexts(locale, more).then((table) => {
        const b = state.builtin.peek();
        state.builtin.value = { ...b, [locale]: { ...b[locale], ...table } };
        // The ids: the launcher's (in the loader, not in the tables) and every table's loaded so far.
        known.value = { ids: { ...b[locale], ...known.peek()?.ids, ...table }, all: more || !!known.peek()?.all };
      });
      // A failed chunk load (network) is retried by the next need of that locale.
      p.catch(() => tables.delete(id));
      tables.set(id, p);
    }
    return p;
  };
  /** The texts of the views loaded on need (forms, rating, Help, My requests, calls); false when they did not load. */
  const moreTexts = () => {
    wantMore.value = true;
    return textsFor(state.locale.peek(), true).then(
      () => true,
      () => false,
    );
  };
  const first = ctx.identity ? parseIdentity(ctx.identity) : null;
  let identity: Identity | null = first?.ok ? first.identity : null;
  // What only a signed-in visitor needs (signed-in.ts): loaded by the server's verifying one here.
  const signedIn = lazyChunk(() => import('./signed-in'), "the signed-in visitor's code");
  // The page's calls beyond chatting (setCustomParams(), event()) are checked by their chunk
  // (page-calls.ts), loaded by the first one: a page that makes none never loads it.
  type SignedIn = typeof import('./signed-in');
  const pageCalls = lazyChunk(() => import('./page-calls'), 'the page calls');
  type PageCalls = typeof import('./page-calls');
  let params: CustomParamsPatch = {};
  let who = identityKey(identity);
  let token: string | undefined;
  let waiters: Waiter[] = [];
  let unmountPanel: (() => void) | null = null;
  // init({ app }) is checked here, where it is read (the loader only knows it is an object).
  const app = ctx.app ? parse(checkApp, ctx.app) : null;
  if (app && !app.ok) warn(`init: invalid option "${['app', app.path].filter(Boolean).join('.')}"`);
  const device = detectDevice(win.navigator, app?.ok ? app.value : undefined);
  const visibility = signal(doc.visibilityState);
  const onVisibility = () => (visibility.value = doc.visibilityState);
  doc.addEventListener('visibilitychange', onVisibility);

  const url = new URL(ctx.server);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = WidgetRoutes.socket;

  const socket = createSocket(win, {
    url: url.href,
    hello: () => hello(),
    onFrame: (f) => onFrame(f),
    onCall: (raw) => calls.frame(raw),
    onBlocked: () => warn(`this page's Content-Security-Policy blocks the chat's connection: add ${url.origin.replace(/^http/, 'ws')} to connect-src`),
  });
  const online = computed(() => socket.status.value === 'online');
  // Calls: the call chunk loads when one rings or the visitor starts one.
  const calls = createCallHost({
    ctx,
    send: (f) => socket.send(f),
    texts: () => {
      wantMore.value = true;
      return Promise.all([textsFor(state.locale.peek()), textsFor(state.locale.peek(), true)]);
    },
    newId: () => newClientId(win.crypto),
    silent: () => !state.config.peek()?.sound.enabled || muted.peek(),
  });
  const active = computed(() => state.open.value && visibility.value === 'visible');
  const tabs = createTabs(win, project, (m) => {
    if (m.t === 'read') chat.readElsewhere(m.who, m.dialogId, m.seq);
    // Another tab got a new token for this identity (its dialog was continued): reconnect with it.
    else if (m.who === who)
      void storage.get<string>(keys.token(project, m.who)).then((t) => {
        if (m.who === who && typeof t === 'string') token = t;
      });
  });
  /** Keeps a token the server issued, and tells the other tabs (only when it changed, so a tab's
   * older welcome never overwrites a newer token another tab stored). */
  const keepToken = (next: string) => {
    if (next === token) return;
    token = next;
    const w = who;
    void storage.set(keys.token(project, w), next).then(() => tabs.post({ t: 'token', who: w }));
  };
  // The chime and the blinking title: a chunk of their own, loaded by the first message that wants them.
  const attentionChunk = lazyChunk(() => import('./attention'), 'the new-message alert');
  let attention: Attention | undefined;
  let destroyed = false;
  // The visitor's mute switch, kept on this device for the project (a click before the stored
  // value is read wins over it).
  const muted = signal(false);
  const muteKey = `m:${project}`;
  let muteSet = false;
  void storage.get<boolean>(muteKey).then((m) => {
    if (!muteSet) muted.value = m === true;
  });
  const setMuted = (on: boolean) => {
    muteSet = true;
    muted.value = on;
    void storage.set(muteKey, on);
  };

  const chat = createChat({
    storage,
    project,
    hint: (h) => writeHint(win, hintKeys.resume(project), h),
    online,
    active,
    send: (f) => socket.send(f),
    emit: ctx.emit,
    newId: () => newClientId(win.crypto),
    now: () => Date.now(),
    onLive: () => {
      if (active.value) return;
      const chime = tabs.leader() && state.config.peek()?.sound.enabled && !muted.peek();
      const text = state.t.value('notify.newMessage');
      void attentionChunk().then((m) => {
        if (!m || destroyed) return;
        attention ??= m.createAttention(win, doc);
        if (chime) attention.chime();
        attention.blink(text);
      });
    },
    broadcastRead: (w, dialogId, seq) => tabs.post({ t: 'read', who: w, dialogId, seq }),
    setTimeout: (fn, ms) => win.setTimeout(fn, ms),
    clearTimeout: (id) => win.clearTimeout(id as number),
  });

  /** Reports a route change whose title is still settling (see whenTitleSettles). */
  let flushTitle: (() => void) | null = null;
  const warned = new Set<string>();
  const stops = [
    effect(() => {
      void textsFor(state.locale.value).catch(() => undefined);
      if (wantMore.value) void textsFor(state.locale.value, true).catch(() => undefined);
    }),
    effect(() => {
      // Every locale has the same ids (texts.test.ts): the loaded tables tell a typo; a key that is
      // not among the chat's texts may be among the rest, which load to tell.
      const k = known.value;
      if (!k) return;
      const unknown = unknownTextKeys(state.settings.value.texts ?? {}, k.ids);
      if (unknown.length && !k.all) return void moreTexts();
      for (const key of unknown) {
        if (!warned.has(key)) warn(`setTexts(): unknown text key "${key}"`);
        warned.add(key);
      }
    }),
    effect(() => {
      state.unread.value = chat.unread.value;
    }),
    effect(() => {
      state.hasOpenDialog.value = chat.view.value.dialog?.status === 'open';
    }),
    // Connected, presence and config changes arrive on the socket: the loader stops revalidating.
    effect(() => {
      state.live.value = online.value;
    }),
  ];

  /**
   * Loads the stored token, outbox and history of the current identity. A signed-in identity's
   * conversation stays hidden until the server has verified it on this device (chat.reveal()).
   */
  const loadScope = async () => {
    const w = who;
    const [t] = await Promise.all([storage.get<string>(keys.token(project, w)), chat.use(w, identity === null)]);
    if (w === who) token = typeof t === 'string' ? t : undefined;
  };
  let scope = loadScope();

  /**
   * The calls that need the page calls' chunk (custom params, developer events), in order, each once
   * this identity's outbox is loaded. A chunk that did not load (a warning says so) loses none of
   * them: they wait for the next try, made by the next such call and by every hello.
   */
  const waiting: ((m: PageCalls) => void)[] = [];
  let pageCallsRun: Promise<void> = Promise.resolve();
  const withPageCalls = (f?: (m: PageCalls) => void): Promise<void> => {
    if (f) waiting.push(f);
    return (pageCallsRun = pageCallsRun.then(async () => {
      await scope;
      const m = waiting.length ? await pageCalls() : undefined;
      if (m) for (const g of waiting.splice(0)) g(m);
    }));
  };
  /**
   * Patches no connection took (none yet, or one whose hello is still waiting for its welcome), in
   * order: a hello carries all params made before it; those made after go once it is welcomed.
   */
  let unsent: CustomParamsPatch[] = [];
  /** A setCustomParams() input: checked (a bad one is a warning) and merged. Sent at once when connected; a hello carries them all. */
  const setParams = (input: unknown) =>
    withPageCalls((m) => {
      const r = m.parseParams(input);
      if (!r.ok) return warn(r.reason);
      params = m.mergePatch(params, r.patch);
      if (!socket.send({ type: C.ParamsSet, params: r.patch })) unsent.push(r.patch);
    });
  for (const input of ctx.params) void setParams(input);
  // Events tracked before this session: this page's, and those earlier pages kept on the device.
  if (ctx.events.length || readHint(win, hintKeys.events(project)) !== undefined) void withPageCalls((m) => m.replay(chat, win, project, ctx.events));

  /** The newest journey page the last hello was made from (those are forgotten on the device once welcomed). */
  let sentUpTo = -1;
  async function hello(): Promise<ClientFrameInput> {
    await scope;
    // The params given so far, checked (and another try at the page calls' chunk, if it failed).
    await withPageCalls();
    const { device: d, hints } = await device;
    const page = ctx.page();
    const frame: ClientFrameInput = { type: C.Hello, v: PROTOCOL_VERSION, project, device: d, page, locale: state.locale.value };
    const journey = journeyPages(win, project, page);
    sentUpTo = journey.upTo;
    if (journey.pages.length > 0) frame.pages = journey.pages;
    if (hints) frame.hints = hints;
    if (token) frame.token = token;
    if (identity) frame.identity = identity;
    const resume = chat.resume();
    if (resume) frame.resume = resume;
    if (Object.keys(params).length > 0) frame.params = params;
    unsent = [];
    return frame;
  }

  const settle = (error?: Error) => {
    const list = waiters;
    waiters = [];
    for (const w of list) {
      if (error) w.reject(error);
      else w.resolve();
    }
  };

  /** Becomes another identity: its own token, outbox and cache; the old connection goes first. */
  const switchTo = async (next: Identity | null) => {
    stopRefresh();
    identity = next;
    who = identityKey(next);
    token = undefined;
    socket.stop();
    scope = loadScope();
    await scope;
    socket.connect();
  };

  /** Nothing of that user is shown: carry on as an anonymous visitor. */
  const dropIdentity = (message: string) => {
    warn(`identify(): ${message}`);
    settle(new Error(message));
    void switchTo(null);
  };

  // A JWT ends at its exp (the server closes the session then): ask the page for a fresh one first.
  // Its code comes with the signed-in visitor's chunk (signed-in.ts), loaded by the first verified welcome.
  let refreshTimer: number | undefined;
  const stopRefresh = () => {
    if (refreshTimer !== undefined) win.clearTimeout(refreshTimer);
    refreshTimer = undefined;
  };
  const scheduleRefresh = () => {
    stopRefresh();
    const w = who;
    if (!ctx.identifyCallback()) return;
    void signedIn().then((m) => {
      const ms = m && w === who && !destroyed ? m.refreshDelay(identity, Date.now() + state.clockOffset.value) : null;
      if (!m || ms === null) return;
      stopRefresh();
      refreshTimer = win.setTimeout(() => void refresh(m), ms);
    });
  };
  /** Asks the page for a fresh proof (signed-in.ts). */
  const refresh = (m: SignedIn) =>
    m.refresh(
      ctx.identifyCallback(),
      () => who,
      logout,
      switchTo,
      (next) => {
        identity = next;
        scheduleRefresh();
        socket.connect();
      },
    );

  async function logout(): Promise<void> {
    socket.send({ type: C.Logout });
    const old = who;
    state.unread.value = 0;
    await Promise.all([forgetIdentity(storage, project, old), storage.del(keys.token(project, 'anon'))]);
    await switchTo(null);
  }

  function onSessionError(f: Extract<ServerFrame, { type: typeof S.Error }>) {
    switch (f.code) {
      case 'identity_invalid':
        dropIdentity(f.message);
        break;
      case 'identity_expired':
        // The page may have a fresh proof for the same user; without one, carry on anonymously.
        socket.stop();
        void signedIn().then(async (m) => {
          if (!(m && (await refresh(m)))) dropIdentity(f.message);
        });
        break;
      case 'token_invalid':
        token = undefined;
        void storage.del(keys.token(project, who)).then(() => socket.reconnect());
        break;
      case 'unknown_project':
      case 'unsupported_version':
        warn(f.message);
        settle(new Error(f.message));
        socket.stop();
        break;
      default:
        if (!f.retryable) warn(f.message);
    }
  }

  function onFrame(f: ServerFrame) {
    switch (f.type) {
      case S.Welcome:
        keepToken(f.token);
        if (f.visitor.kind === 'verified' && `u:${f.visitor.userId ?? ''}` === who) {
          // Verified here and now: this user's cached conversation may show, and no other user's
          // data stays on this device.
          chat.reveal();
          const w = who;
          void signedIn().then((m) => (m && w === who ? m.claimDevice(storage, project, w) : undefined));
          scheduleRefresh();
        }
        state.presence.value = f.presence;
        state.clockOffset.value = f.serverTime - Date.now();
        chat.welcome(f);
        calls.enabled.value = f.calls === true;
        forgetSentPages(win, project, sentUpTo);
        sentUpTo = -1;
        socket.established();
        for (const patch of unsent.splice(0)) socket.send({ type: C.ParamsSet, params: patch });
        settle();
        return;
      case S.Token:
        keepToken(f.token);
        return;
      case S.Presence: {
        // The validated frame has only these keys besides its type.
        const { type: _, ...presence } = f;
        state.presence.value = presence;
        return;
      }
      case S.ConfigUpdated:
        ctx.reloadConfig();
        return;
      case S.Ended:
        token = undefined;
        if (f.reason === 'erased') {
          // The operator erased this visitor's data: nothing of it stays on this device either.
          void forgetIdentity(storage, project, who).then(() => switchTo(identity));
          return;
        }
        // Signed out or replaced elsewhere: forget the token; a revoked one means start afresh.
        void storage.del(keys.token(project, who)).then(() => (f.reason === 'replaced' ? socket.stop() : socket.reconnect()));
        return;
      case S.Error:
        if (!f.clientId) onSessionError(f);
        else chat.handle(f);
        return;
      default:
        if (chat.handle(f) === 'resync') socket.reconnect();
    }
  }

  const auth = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const panelDeps = (): PanelDeps => ({
    ctx,
    moreTexts,
    chat,
    status: socket.status,
    calls,
    muted,
    setMuted,
    token: () => token,
    get: (path) =>
      win.fetch(ctx.server + path, { headers: auth() }).then(
        (r) => (r.ok ? r.json() : null),
        () => null,
      ),
    post: (path, body) =>
      win
        .fetch(ctx.server + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth() },
          body: JSON.stringify(body),
        })
        .then(
          (r) => r.ok,
          () => false,
        ),
  });

  socket.connect();
  prefetchFullScreen(ctx);

  return {
    identify(input) {
      const r = parseIdentity(input);
      if (!r.ok) return Promise.reject(new ParleyError('bad_argument', r.reason));
      const next = r.identity;
      const same = JSON.stringify(next) === JSON.stringify(identity);
      const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      if (same && socket.status.value === 'online' && chat.visitor.value?.kind === 'verified') settle();
      else if (!same) void switchTo(next);
      return done;
    },

    logout,

    setParams(input) {
      void setParams(input);
    },

    page(info: PageInfo, settle = false) {
      // The previous route's report goes first, with what it has.
      flushTitle?.();
      const send = () => socket.send({ type: C.PageView, ...info });
      if (!settle) return void send();
      const report = (title: string) => {
        flushTitle = null;
        if (title) info.title = title.slice(0, 500);
        else delete info.title;
        send();
      };
      // The new route's title, once it settles: title-settle.ts, with the page calls' chunk. Until
      // that is here, a report asked for goes with the title there is.
      const before = doc.title;
      const now = (flushTitle = () => report(doc.title));
      void pageCalls().then((m) => {
        if (flushTitle === now) flushTitle = m ? m.whenTitleSettles(win, doc, report, before) : (now(), null);
      });
    },

    track(e) {
      void withPageCalls((m) => m.track(chat, e));
    },

    async showPanel() {
      // The panel opens in the visitor's language, never with blank labels.
      await textsFor(state.locale.peek());
      unmountPanel ??= mountPanel(panelDeps());
    },

    destroy() {
      flushTitle?.();
      stopRefresh();
      unmountPanel?.();
      for (const s of stops) s();
      state.live.value = false;
      doc.removeEventListener('visibilitychange', onVisibility);
      calls.destroy();
      socket.destroy();
      chat.destroy();
      tabs.destroy();
      destroyed = true;
      attention?.destroy();
      settle(new Error('destroyed'));
    },
  };
};
