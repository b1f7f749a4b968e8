import { batch, effect, signal } from './signals';
import { LOCALES, type PageInfo } from '@parley/protocol';
import type { IdentifyInput, PageInput, Widget, WidgetEventMap, WidgetEventName, WidgetOptions } from '../types';
import { createEmitter } from './emitter';
import { fireGoal } from './goals';
import { mergeSettings, readOptions } from './options';
import { EVENT_NAMES } from './events';
import { createState, needsPageRules } from './state';
import { detectDeviceKind } from './device-kind';
import { hintKeys, readHint, writeHint, type ResumeHint } from './hint';
import { createHost, type Host } from './host';
import { createLauncher, type Launcher } from './launcher';
import { LAUNCHER_CSS } from './launcher-css';
import { fetchConfig, readConfig, type ChatConfig } from './config';
import type { V } from './check';
import { watchConfig } from './revalidate';
import { onFirstInteraction, watchNavigation } from './navigation';
import { ParleyError, identityShapeProblem, reportRejection } from './errors';
import { contrastOn } from './dom';
import { isLocale, parseTextsInput } from './texts';
import { warn } from './warn';
import type { Emit, JourneyPage, Session, SessionContext, TrackedEvent } from './contract';
import type { EarlyWidgets } from '../embed/early';

/** The embed's chat chunk, relative to the loader (its build writes it in; nothing elsewhere). */
declare const __PARLEY_CHAT_FILE__: string | undefined;

export interface Env {
  win: Window & typeof globalThis;
  doc: Document;
  /** Defaults the embed script supplies: its own origin and nonce. */
  defaults?: Partial<WidgetOptions>;
  /** Host elements and config requests widget.js started, by project (taken by the widget that starts it). */
  early?: EarlyWidgets;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(e: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting yet; the rejection is reported where it is awaited.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

const MAX_CONFIG_DELAY = 60_000;
/** Developer events kept on the device while the chat is not connected (the newest ones). */
const MAX_QUEUED_EVENTS = 100;

/** One widget instance. The ESM `createWidget` and the global `parley(...)` both end up here. */
export function createInstance(options: Partial<WidgetOptions> | undefined, env: Env): Widget {
  const { win, doc } = env;
  const emitter = createEmitter<WidgetEventMap>();
  const state = createState({ url: win.location.href, device: detectDeviceKind(win.navigator) });
  const cleanups: (() => void)[] = [];
  const ready = deferred();
  let phase: 'idle' | 'starting' | 'ready' | 'failed' | 'destroyed' = 'idle';
  let host: Host | null = null;
  let launcher: Launcher | null = null;
  let session: Session | null = null;
  let loading: Promise<Session> | null = null;
  /** The last identify() input, handed to the session when it starts (it validates it). */
  let identity: unknown = null;
  /** setCustomParams() before the chat loaded: the chat checks them (and warns) when it starts. */
  let params: unknown[] = [];
  let events: TrackedEvent[] = [];
  let configTimer: ReturnType<typeof setTimeout> | undefined;
  let configText = '';
  /** The chat chunk's check of the whole config body, once it has loaded (before, only the launcher's parts are checked). */
  let fullCheck: V<ChatConfig> | undefined;
  /** The panel is opening (the session may still be loading): `.opened` is already on the host. */
  const opening = signal(false);
  /** The chat (its chunk or its texts) did not load when the visitor asked for it: the launcher says so until it does. */
  const failed = signal(false);
  const abort = typeof AbortController === 'function' ? new AbortController() : null;

  const emit: Emit = (event, payload) => {
    if (phase === 'destroyed') return;
    emitter.emit(event, payload);
    fireGoal(win as unknown as Record<string, unknown>, state.settings.value.goals?.[event]);
  };

  const project = () => state.settings.value.project ?? '';
  const server = () => state.settings.value.server ?? '';

  const currentPage = (): PageInfo => {
    const info: PageInfo = { url: state.url.value.slice(0, 2048) };
    if (doc.title) info.title = doc.title.slice(0, 500);
    if (doc.referrer) info.referrer = doc.referrer.slice(0, 2048);
    return info;
  };

  /**
   * The journey before the chat connects (issue 16): each page view is kept on the device for the
   * next hello. At an in-app navigation the title is still the previous route's: it is that entry's
   * settled title, and the new entry waits for its own (the next navigation, or the hello's page).
   */
  const notePage = (p: PageInfo, nav?: boolean) => {
    const key = hintKeys.pages(project());
    const old = readHint<JourneyPage[]>(win, key) ?? [];
    (p as JourneyPage).at = Date.now();
    if (nav && old[0]) old[old.length - 1]!.title = p.title;
    if (nav) delete p.title;
    writeHint(win, key, [...old, p].slice(-20));
  };

  async function loadConfig(attempt: number, fresh = false, early?: Promise<Response>): Promise<void> {
    const r = await fetchConfig(win.fetch.bind(win), server(), project(), abort?.signal, fresh, early, fullCheck);
    if (phase === 'destroyed') return;
    if (r.ok) {
      // A revalidation that found nothing new changes nothing.
      if (r.text !== configText) {
        configText = r.text;
        batch(() => {
          state.config.value = r.config;
          // The socket's presence is newer than a config that was requested before it connected.
          if (!state.live.peek()) state.presence.value = r.presence;
        });
      }
      if (phase === 'starting') {
        // A page filter with entries is decided by the page rules: ready reports what the visitor sees.
        if (needsPageRules(state.effective.peek()?.config.pageFilter)) await loadPageRules().catch(() => undefined);
        if (phase !== 'starting') return;
        phase = 'ready';
        ready.resolve();
        emit('ready', { mode: state.mode.value, visible: state.visible.value });
        resumeIfNeeded();
      }
      return;
    }
    if (!r.retry) {
      warn(r.reason);
      if (phase === 'starting') {
        phase = 'failed';
        ready.reject(new ParleyError('config', r.reason));
      }
      return;
    }
    if (attempt === 0) warn(`${r.reason}; retrying`);
    const delay = Math.min(MAX_CONFIG_DELAY, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
    configTimer = win.setTimeout(() => void loadConfig(attempt + 1, true), delay);
  }

  /**
   * A returning visitor with an open dialog or unread replies reconnects at once, before any
   * interaction (the session keeps this hint with the anonymous visitor's history cache).
   */
  function resumeIfNeeded(): void {
    const hint = readHint<ResumeHint>(win, hintKeys.resume(project()));
    if (session || identity || !hint) return;
    if (typeof hint.u === 'number' && hint.u > 0) state.unread.value = hint.u;
    // An open conversation keeps the chat available (widgetMode) while the session connects.
    state.hasOpenDialog.value = hint.o === true;
    if (state.hasOpenDialog.value || state.unread.value > 0) void loadSession().catch(() => undefined);
  }

  /**
   * The chat chunk. Browsers that keep a module that failed to load failed for the page's life
   * (Firefox, Safari and Chromium before the module map stopped caching failed fetches) would leave
   * the chat, and every lazy view (they import this chunk), dead until a reload after one failed
   * request (offline, server unreachable, blocked). So the embed first fetches the chunk (its build
   * names it, see rollup.parts.ts) and imports it only once it is in the HTTP cache (hashed chunks
   * are immutable). A failed fetch leaves no trace in the module map; the next click tries again.
   */
  const chatChunk = () =>
    (typeof __PARLEY_CHAT_FILE__ == 'string'
      ? win.fetch(new URL(__PARLEY_CHAT_FILE__, import.meta.url)).then((r) => (r.ok ? r.blob() : Promise.reject(new ParleyError('unavailable', r.url))))
      : Promise.resolve()
    ).then(() => import('../session/index'));

  function loadSession(): Promise<Session> {
    if (session) return Promise.resolve(session);
    loading ??= ready.promise.then(chatChunk).then((m) => {
      if (phase === 'destroyed' || !host) throw new ParleyError('destroyed', 'the widget was destroyed');
      // From now on the whole config is checked, this one first: the chat reads all of it.
      fullCheck = m.checkWidgetConfig;
      const c = readConfig(configText, fullCheck);
      if (!c.ok) {
        warn(c.reason);
        throw new ParleyError('config', c.reason);
      }
      state.config.value = c.config;
      const ctx: SessionContext = {
        win,
        doc,
        server: server(),
        project: project(),
        app: state.settings.value.app,
        state,
        emit,
        host,
        // Without a launcher, focus goes back to whatever opened the panel.
        launcher: () => (state.effective.value?.launcher ? (launcher?.button ?? null) : null),
        identity,
        params,
        events,
        page: currentPage,
        identifyCallback: () => state.settings.value.identify,
        close: () => api.close(),
        reloadConfig: () => void reloadConfig(),
      };
      session = m.createSession(ctx);
      events = [];
      params = [];
      return session;
    });
    // A failed chunk load (network) may be retried by the next call.
    loading.catch(() => {
      loading = null;
    });
    return loading;
  }

  /** The chat and its panel (hidden until opened), in the visitor's language; `failed` tells whether that worked. */
  const showChat = () =>
    loadSession()
      .then((s) => s.showPanel())
      .then(
        () => void (failed.value = false),
        (e: unknown) => {
          failed.value = phase !== 'destroyed';
          throw e;
        },
      );

  let pageRulesLoading: Promise<void> | null = null;
  function loadPageRules(): Promise<void> {
    pageRulesLoading ??= import('./page-rules').then((m) => {
      state.pageRules.value = m.pageAllowed;
    });
    // A failed chunk load (network) may be retried by the next change.
    pageRulesLoading.catch(() => (pageRulesLoading = null));
    return pageRulesLoading;
  }

  function reloadConfig(): Promise<void> {
    if (configTimer !== undefined) win.clearTimeout(configTimer);
    configTimer = undefined;
    return loadConfig(0, true);
  }

  function renderHost(h: Host): () => void {
    return effect(() => {
      const e = state.effective.value;
      const open = state.open.value;
      const visible = state.visible.value;
      h.host.setAttribute('data-state', !visible ? 'hidden' : open ? 'open' : 'closed');
      // Set as the click that opens the chat happens (the snippet's handlers see it), not once the panel has loaded.
      h.host.classList.toggle('opened', open || opening.value);
      if (!e) return;
      const a = e.appearance;
      const data = { pos: a.position === 'bottom-left' ? 'left' : 'right', theme: a.theme, device: state.device, launcher: e.launcher ? 'on' : 'off' };
      for (const [k, v] of Object.entries(data)) h.host.setAttribute(`data-${k}`, v);
      h.host.lang = state.locale.value;
      // The theme's custom properties (CSSOM, allowed under a strict style-src; a style attribute is not).
      const vars = { pa: a.color, pf: contrastOn(a.color), pz: a.zIndex, px: `${a.offsetX}px`, py: `${a.offsetY}px` };
      for (const [k, v] of Object.entries(vars)) h.host.style.setProperty(`--${k}`, String(v));
    });
  }

  async function start(): Promise<void> {
    phase = 'starting';
    // Let the rest of a synchronous batch of calls (queued API calls) land before reading settings.
    await Promise.resolve();
    if (!doc.body) await new Promise<void>((res) => doc.addEventListener('DOMContentLoaded', () => res(), { once: true }));
    if (phase !== 'starting') return;
    const s = state.settings.value;
    const early = env.early?.[project()];
    if (early) delete env.early?.[project()];
    const pre = early && early.server === server() ? early : null;
    if (early && !pre) early.holder.remove();
    const h = createHost(doc, { name: s.name ?? 'default', project: project(), nonce: s.nonce }, pre?.holder);
    host = h;
    keepClicksInside(h.root);
    cleanups.push(h.adopt(LAUNCHER_CSS), renderHost(h));
    launcher = createLauncher(doc, h.root, state, failed, {
      toggle: () => void api.toggle().catch((e: unknown) => warn('the chat did not open', e)),
      intent: () => void loadSession().catch(() => undefined),
    });
    // Back online after a failed load: the chat loads again (no timer polls; a click also retries).
    // (Removed by destroy()'s abort.)
    win.addEventListener('online', () => failed.peek() && void showChat().catch(() => undefined), { signal: abort?.signal });
    const config = watchConfig(win, doc, state, reloadConfig);
    if (!loading) notePage(currentPage());
    cleanups.push(
      config.stop,
      watchScheduleOption(),
      // A filter given to init or turned on later in the settings loads the rules then.
      effect(() => {
        if (needsPageRules(state.effective.value?.config.pageFilter)) void loadPageRules().catch(() => undefined);
      }),
      watchGreetings(h),
      watchNavigation(win, () => {
        api.page();
        config.navigated();
      }),
      onFirstInteraction(win, () => {
        if (state.visible.value) void loadSession().catch(() => undefined);
      }),
      // Nothing stays open on a page where the widget may not appear.
      effect(() => {
        if (!state.visible.value && state.open.peek()) api.close();
      }),
    );
    // Changes before ready are part of the ready event; after it, each one is an event.
    let online = state.online.peek();
    let unread = state.unread.peek();
    cleanups.push(
      effect(() => {
        const now = state.online.value;
        const mode = state.mode.value;
        if (now === online) return;
        online = now;
        if (phase === 'ready') emit('online-change', { online: now, mode });
      }),
      effect(() => {
        const n = state.unread.value;
        if (n !== unread) {
          unread = n;
          emit('unread', { count: n });
        }
      }),
    );
    await loadConfig(0, false, pre?.config);
  }

  /**
   * Clicks while the chat is open (in the panel, or the one on the launcher that closes it) stay in
   * the widget: a site's `.parley-holder` click handler (the classic goal snippet) hears only the
   * clicks that open the chat. (The listeners go with the shadow root when destroy() removes the host.)
   */
  function keepClicksInside(root: ShadowRoot): void {
    let openAtClick = false;
    root.addEventListener('click', () => (openAtClick = state.open.peek()), true);
    root.addEventListener('click', (e) => {
      if (openAtClick) e.stopPropagation();
    });
  }

  /**
   * Code that loads only once the project or the page needs it (its chunk is imported then, once):
   * `start` runs it and returns how to stop it.
   */
  function whenNeeded(need: () => boolean | undefined, start: () => Promise<() => void>): () => void {
    let stop: (() => void) | undefined;
    let started = false;
    const off = effect(() => {
      if (started || !need()) return;
      started = true;
      void start().then((s) => (phase === 'destroyed' ? s() : (stop = s)));
    });
    return () => {
      off();
      stop?.();
    };
  }

  /** Proactive greetings, for projects that have any. */
  const watchGreetings = (h: Host) =>
    whenNeeded(
      () => state.effective.value?.config.greetings.some((g) => g.enabled),
      async () =>
        (await import('./greetings')).startGreetings({
          win,
          doc,
          root: h.root,
          state,
          project: project(),
          adopt: h.adopt,
          open: () => void api.open().catch(() => undefined),
        }),
    );

  /** Working hours given to init are evaluated here (protocol's schedule rules load only then). */
  const watchScheduleOption = () =>
    whenNeeded(
      () => !!state.settings.value.schedule,
      async () => (await import('./schedule-timer')).watchSchedule(state, win),
    );

  const rejectIfDestroyed = () => (phase === 'destroyed' ? Promise.reject(new ParleyError('destroyed', 'the widget was destroyed')) : null);

  const api: Widget = {
    init(opts) {
      const dead = rejectIfDestroyed();
      if (dead) return dead;
      const { settings, problems } = readOptions(opts);
      for (const p of problems) warn(`init: ${p}`);
      const cur = state.settings.value;
      if (phase !== 'idle') {
        // A running widget keeps its project and server; the rest applies live.
        if (settings.project && settings.project !== cur.project) warn('init: a running widget keeps its project');
        delete settings.project;
        delete settings.server;
      }
      state.settings.value = mergeSettings(cur, settings);
      if (phase === 'idle') {
        if (!project()) return Promise.reject(new ParleyError('not_started', 'init() needs a project'));
        if (!server()) return Promise.reject(new ParleyError('not_started', 'init() needs the server origin (option "server")'));
        void start();
      }
      return ready.promise;
    },

    async open() {
      const dead = rejectIfDestroyed();
      if (dead) return dead;
      if (state.open.peek()) return;
      // From the click on: `.opened` is on the host before the site's click handlers run.
      if (phase === 'ready' && state.visible.peek()) opening.value = true;
      let shown = false;
      try {
        await ready.promise;
        if (!state.visible.value) throw new ParleyError('unavailable', 'the chat is not available on this page now');
        if (state.open.value) return;
        opening.value = true;
        launcher?.setBusy(true);
        await showChat();
        shown = state.visible.value && !state.open.value && phase !== 'destroyed';
      } finally {
        launcher?.setBusy(false);
        batch(() => {
          if (shown) state.open.value = true;
          opening.value = false;
        });
      }
      if (shown) emit('open', {});
    },

    close() {
      if (!state.open.value) return;
      state.open.value = false;
      emit('close', {});
    },

    toggle() {
      if (!state.open.value) return api.open();
      api.close();
      return Promise.resolve();
    },

    show() {
      state.hiddenByApi.value = false;
    },

    hide() {
      state.hiddenByApi.value = true;
    },

    async identify(input: IdentifyInput) {
      const dead = rejectIfDestroyed();
      if (dead) return dead;
      const problem = identityShapeProblem(input);
      if (problem) throw new ParleyError('bad_argument', problem);
      identity = input;
      const s = await loadSession();
      await s.identify(input);
    },

    async logout() {
      const dead = rejectIfDestroyed();
      if (dead) return dead;
      identity = null;
      if (session || loading) return (session ?? (await loadSession())).logout();
      // Not connected yet: only an anonymous visitor's data can be on this device (the chat's
      // code forgets it; nothing connects).
      state.unread.value = 0;
      if (!project()) return;
      writeHint(win, hintKeys.resume(project()));
      await (await chatChunk()).forgetAnonymous(win, project());
    },

    setCustomParams(input) {
      if (session) session.setParams(input);
      else params.push(input);
    },

    setLocale(locale) {
      if (!isLocale(locale)) return warn(`setLocale(): unknown locale ${JSON.stringify(locale)}; use ${LOCALES.join(', ')}`);
      state.settings.value = { ...state.settings.value, locale };
    },

    setTexts(input) {
      const { layer, problems } = parseTextsInput(input);
      for (const p of problems) warn(`setTexts(): ${p}`);
      state.settings.value = mergeSettings(state.settings.value, { texts: layer });
    },

    page(info?: PageInput) {
      if (info !== undefined && (typeof info !== 'object' || info === null)) return warn('page() expects { url?, title? }');
      let url = win.location.href;
      if (info?.url !== undefined) {
        try {
          url = new URL(String(info.url), win.location.href).href;
        } catch {
          return warn(`page(): invalid url ${JSON.stringify(info.url)}`);
        }
      }
      state.url.value = url;
      const page = currentPage();
      const title = info?.title;
      const titled = typeof title === 'string';
      if (titled) page.title = title.slice(0, 500);
      // Reported by the session (it waits for the new route's title unless given); before the chat
      // loads there is nobody to tell: the session's hello carries the page it starts on.
      if (session) session.page(page, !titled);
      else if (loading)
        void loading.then(
          (s) => s.page(page, !titled),
          () => undefined,
        );
      else notePage(page, !titled);
    },

    event(name, props) {
      if (phase === 'destroyed') return;
      if (typeof name !== 'string' || !name.trim() || (props !== undefined && (typeof props !== 'object' || props === null || Array.isArray(props)))) {
        return warn('event(name, props?): invalid name or props');
      }
      // An idempotency key (resends record once), not a secret.
      const e: TrackedEvent = { clientId: Date.now().toString(36) + Math.random().toString(36).slice(2, 12), name, props, at: Date.now() };
      if (session) return session.track(e);
      events = [...events, e].slice(-MAX_QUEUED_EVENTS);
      // Kept for a later page of this site, should the visitor leave this one before the chat connects.
      if (project()) {
        const key = hintKeys.events(project());
        const old = readHint<unknown>(win, key);
        writeHint(win, key, [...(Array.isArray(old) ? (old as unknown[]) : []), e].slice(-MAX_QUEUED_EVENTS));
      }
    },

    on(event, fn) {
      if (!(EVENT_NAMES as readonly string[]).includes(event) || typeof fn !== 'function') {
        warn(`on(): unknown event ${JSON.stringify(event)} or missing callback; events: ${EVENT_NAMES.join(', ')}`);
        return () => undefined;
      }
      return emitter.on(event, fn);
    },

    off<K extends WidgetEventName>(event: K, fn: (payload: WidgetEventMap[K]) => void) {
      emitter.off(event, fn);
    },

    destroy() {
      if (phase === 'destroyed') return;
      phase = 'destroyed';
      abort?.abort();
      if (configTimer !== undefined) win.clearTimeout(configTimer);
      state.open.value = false;
      session?.destroy();
      session = null;
      for (const c of cleanups.splice(0)) c();
      launcher?.destroy();
      host?.destroy();
      emitter.clear();
      ready.reject(new ParleyError('destroyed', 'the widget was destroyed'));
    },
  };

  const defaults = env.defaults ? readOptions(env.defaults).settings : {};
  state.settings.value = defaults;
  if (options !== undefined) void api.init(options).catch((e: unknown) => reportRejection(e));
  return api;
}
