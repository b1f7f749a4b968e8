import { matchLocale, type FilterDeviceType, type Locale } from '@parley/protocol';
import { NO_RULES, needsRules, visibleChannels, type ChannelEntry, type PageRules, type Rules, type ScheduleRules } from './channels';
import { loadConfig, type MultiwidgetConfig } from './config';
import { LAUNCHER_TEXTS, localized, translator } from './i18n';
import { createLauncher, type Launcher } from './launcher';
import { createMarkers, type Markers } from './markers';
import type { MultiwidgetGoals } from './goals';
import type { ChatAdapter, Controller, ControllerContext, MultiwidgetEventMap, MultiwidgetEventName } from './contract';

export type { MultiwidgetEventMap, MultiwidgetEventName } from './contract';

export interface MultiwidgetOptions {
  /** Project id from the console, e.g. `demo`. */
  project?: string;
  /** Origin of the Parley server (the embed script's own origin by default). */
  server?: string;
  /** Language; the project's default language otherwise. */
  locale?: Locale;
  /** Analytics goals (see goals.ts). */
  goals?: MultiwidgetGoals;
}

export interface MultiwidgetDeps {
  /** The lazily loaded part: list, callback form, QR codes, chat hand-over, goals. */
  loadController(): Promise<{ createController(ctx: ControllerContext): Controller }>;
  loadChat(): Promise<ChatAdapter>;
  /** Protocol's page filter or schedule rules, for projects that use them. */
  loadRules<K extends 'page' | 'schedule'>(kind: K): Promise<{ rules: K extends 'page' ? PageRules : ScheduleRules }>;
  device: () => FilterDeviceType;
  fetch?: typeof fetch;
  now?: () => number;
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  warn?: (message: string) => void;
  /** The button appeared or went away (the embed hides the chat's own launcher meanwhile). */
  onVisible?: (visible: boolean) => void;
  /** The proof the page gave identify(), or null (anonymous). */
  identity?: () => unknown;
}

export interface Multiwidget {
  /**
   * Merges options (later calls win) and starts the multiwidget once it has a project and a server;
   * calls made in the same task all land before it reads them. Resolves once the config is loaded
   * and the button shown (or found to have nothing to show).
   */
  init(options?: MultiwidgetOptions): Promise<void>;
  open(): Promise<void>;
  close(): void;
  toggle(): Promise<void>;
  setLocale(locale: Locale): void;
  /** Loads the chat for a chat call of the global API (`parley('open')` without widget.js). */
  chat(): Promise<void>;
  /** Re-applies page rules after a client-side navigation the browser did not announce. */
  page(): void;
  on<K extends MultiwidgetEventName>(event: K, fn: (payload: MultiwidgetEventMap[K]) => void): () => void;
  off<K extends MultiwidgetEventName>(event: K, fn: (payload: MultiwidgetEventMap[K]) => void): void;
  /** The options in effect (after init calls). */
  options(): MultiwidgetOptions;
  destroy(): void;
}

// setTimeout's ceiling; a later schedule change is re-checked when this fires.
const MAX_DELAY = 2_147_483_647;

/**
 * The multiwidget's always-loaded part: config, rules, the button, host-page hooks and events.
 * Everything that only happens after a click (the list, forms, QR codes, the chat, goals) is the
 * controller, loaded on first use (panel/controller.ts).
 */
export function createMultiwidget(initial: MultiwidgetOptions, deps: MultiwidgetDeps): Multiwidget {
  const options: MultiwidgetOptions = { ...initial };
  const now = deps.now ?? Date.now;
  const warn = deps.warn ?? ((m: string) => console.warn(`Parley multiwidget: ${m}`));
  const listeners = new Map<string, Set<(p: never) => void>>();
  const cleanups: (() => void)[] = [];
  let config: MultiwidgetConfig | null = null;
  let rules: Rules = NO_RULES;
  let locale: Locale = options.locale ?? 'ru';
  let channels: ChannelEntry[] = [];
  let launcher: Launcher | null = null;
  let markers: Markers | null = null;
  let controller: Promise<Controller | null> | null = null;
  let ctl: Controller | null = null;
  let expanded = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ctaTimer: ReturnType<typeof setTimeout> | undefined;
  let destroyed = false;
  let started: Promise<void> | null = null;
  let visible: boolean | null = null;

  const emit = <K extends MultiwidgetEventName>(event: K, payload: MultiwidgetEventMap[K]) => {
    for (const fn of [...(listeners.get(event) ?? [])]) {
      try {
        (fn as (p: MultiwidgetEventMap[K]) => void)(payload);
      } catch (err) {
        (globalThis as { reportError?: (e: unknown) => void }).reportError?.(err);
      }
    }
  };

  const render = () => {
    if (!launcher || !config) return;
    const t = translator(LAUNCHER_TEXTS, locale, config.texts);
    launcher.look({ ...config.multiwidget.button, zIndex: config.appearance.zIndex }, t('multiwidget.button'), t('multiwidget.close'));
    const show = channels.length > 0 || expanded;
    launcher.setVisible(show);
    if (show !== visible) deps.onVisible?.((visible = show));
    launcher.setExpanded(expanded);
    ctl?.update();
  };

  const recompute = () => {
    if (!config || destroyed) return;
    clearTimeout(timer);
    const state = visibleChannels(config, { url: location.href, device: deps.device(), now: now() }, rules);
    channels = state.channels;
    markers?.sync(channels);
    render();
    if (state.nextChange !== null) timer = setTimeout(recompute, Math.min(MAX_DELAY, Math.max(0, state.nextChange - now())));
  };

  const loadController = (): Promise<Controller | null> => {
    // Nothing to control before the button exists; asked again later, it loads then.
    if (!launcher || !markers) return Promise.resolve(null);
    controller ??= deps.loadController().then(
      (m) => {
        if (destroyed || !launcher || !config || !markers) return null;
        const ctx: ControllerContext = {
          options: { project: options.project ?? '', server: options.server ?? '', goals: options.goals },
          launcher,
          markers,
          config: () => config as MultiwidgetConfig,
          channels: () => channels,
          locale: () => locale,
          device: deps.device,
          storage: deps.storage ?? null,
          identity: deps.identity ?? (() => null),
          emit,
          loadChat: deps.loadChat,
          setExpanded: (x) => {
            expanded = x;
            if (x) launcher?.hideCta();
            render();
          },
          warn,
        };
        return (ctl = m.createController(ctx));
      },
      (err: unknown) => {
        controller = null;
        warn(`the channel list could not be loaded (${String(err)})`);
        return null;
      },
    );
    return controller;
  };

  const showCtaLater = () => {
    const text = config ? localized(config.multiwidget.button.callToAction, locale) : '';
    if (!text || !config) return;
    ctaTimer = setTimeout(() => {
      if (expanded || !launcher || channels.length === 0) return;
      launcher.showCta(text, translator(LAUNCHER_TEXTS, locale, config?.texts)('multiwidget.close'), () => void api.open());
    }, config.multiwidget.button.callToActionDelaySeconds * 1000);
  };

  const start = async () => {
    // The host and its hook elements exist as soon as the script runs: site scripts look them up
    // at DOMContentLoaded or load, before the config says which channels there are.
    launcher = createLauncher(() => void api.toggle());
    markers = createMarkers(launcher.host);
    // Let the rest of a synchronous batch of calls (the queue) land before reading the options.
    await Promise.resolve();
    try {
      const c = await loadConfig(options.server ?? '', options.project ?? '', deps.fetch);
      const need = needsRules(c);
      const [page, schedule] = await Promise.all([need.page && deps.loadRules('page'), need.schedule && deps.loadRules('schedule')]);
      rules = { ...NO_RULES, ...(page ? page.rules : {}), ...(schedule ? schedule.rules : {}) };
      config = c;
    } catch (err) {
      warn(`the project config could not be loaded (${String(err)})`);
      deps.onVisible?.(false);
      return;
    }
    if (!document.body) await new Promise((r) => addEventListener('DOMContentLoaded', r, { once: true }));
    if (destroyed) return;
    locale = options.locale ?? matchLocale(config.texts.defaultLocale);
    // Warm the list up when the visitor heads for the button, so the click finds it loaded.
    for (const type of ['pointerenter', 'focusin', 'touchstart'])
      launcher.host.addEventListener(type, () => void loadController(), { once: true, passive: true });
    // Single-page apps: the Navigation API announces every same-document navigation; popstate
    // and hashchange cover browsers without it. Nothing of the page's history is patched.
    const nav = (globalThis as { navigation?: EventTarget }).navigation;
    if (nav) nav.addEventListener('currententrychange', recompute);
    addEventListener('popstate', recompute);
    addEventListener('hashchange', recompute);
    cleanups.push(() => {
      nav?.removeEventListener('currententrychange', recompute);
      removeEventListener('popstate', recompute);
      removeEventListener('hashchange', recompute);
    });
    recompute();
    showCtaLater();
    emit('ready', { channels: channels.map((c) => c.kind) });
  };

  const api: Multiwidget = {
    init(more) {
      Object.assign(options, more);
      if (more?.locale && config) api.setLocale(more.locale);
      if (!started && options.project && options.server) started = start();
      return started ?? Promise.resolve();
    },
    async open() {
      await started;
      if (channels.length > 0) await (await loadController())?.open();
    },
    close() {
      ctl?.close();
    },
    async toggle() {
      await started;
      await (await loadController())?.toggle();
    },
    async chat() {
      await started;
      // Through the controller when there is a button, so it follows the chat (close button, focus).
      const c = launcher ? await loadController() : null;
      await (c ? c.attachChat() : deps.loadChat());
    },
    setLocale(next) {
      options.locale = locale = next;
      render();
    },
    page: recompute,
    on(event, fn) {
      if (typeof fn !== 'function') {
        warn(`on(): a callback is required for "${String(event)}"`);
        return () => undefined;
      }
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      return () => api.off(event, fn);
    },
    off(event, fn) {
      listeners.get(event)?.delete(fn);
    },
    options: () => options,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(timer);
      clearTimeout(ctaTimer);
      for (const c of cleanups.splice(0)) c();
      ctl?.destroy();
      markers?.destroy();
      launcher?.destroy();
      listeners.clear();
    },
  };
  return api;
}
