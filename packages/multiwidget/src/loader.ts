/**
 * dist/multiwidget.js, the script a site adds:
 *   <script async src="https://chat.example.com/multiwidget.js" data-project="demo"></script>
 * Optional: data-locale, data-server. Everything else through `parley('multiwidget.init', {...})`.
 *
 * The list, the QR encoder and the chat are ES modules next to this script
 * (dist/multiwidget/*.js), fetched with `import()` when first needed: no script elements, nothing
 * for Trusted Types to block.
 */
import { createMultiwidget } from './multiwidget';
import { detectDeviceKind } from '@parley/widget';
import { installGlobal, type WidgetFacade } from './global';
import { readOptions } from './options';
import type { ChatAdapter } from './contract';
import type { Widget } from '@parley/widget';

const METHODS = ['init', 'open', 'close', 'toggle', 'on', 'off', 'setLocale', 'page', 'destroy'] as const;
// Chat calls that only make sense with a chat: on a page without widget.js they load ours.
const CHAT_NOW = ['open', 'toggle', 'identify'];
const warn = (m: string) => console.warn(`Parley multiwidget: ${m}`);

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  // A second copy of the script never makes a second button.
  if (!script?.src || (window as { parley?: WidgetFacade }).parley?.__multiwidget) return;
  const base = new URL('./multiwidget/', script.src).href;
  const load = <T>(name: string) => import(/* @vite-ignore */ `${base}${name}.js`) as Promise<T>;
  const project = () => mw.options().project ?? '';
  let chat: Promise<ChatAdapter> | null = null;
  let shown: boolean | null = null;
  let watched: Widget | null = null;
  let widgetOpen = false;
  /** The proof the page last gave identify() (null after logout): the Telegram button asks for a ref with it. */
  let identity: unknown = null;

  // widget.js's own launcher stays hidden while the multiwidget's button is the way in (hidden at
  // once, before the config arrives, so two launchers never show), and comes back if it is not.
  const chatLauncher = () => {
    const widget = global.widget(project());
    if (!widget) return;
    widget.init({ launcher: !(shown ?? !!project()) }).catch(() => undefined);
    if (watched === widget) return;
    watched = widget;
    // Opened by the page's own code: the multiwidget follows it (its button closes the chat).
    widget.on('open', () => {
      widgetOpen = true;
      void mw.chat().catch(() => undefined);
    });
    widget.on('close', () => (widgetOpen = false));
  };

  const loadChat = (): Promise<ChatAdapter> => {
    chat ??= (async () => {
      const existing = global.widget(project());
      if (existing) return (await load<typeof import('./chat-adapter')>('adapter')).adaptWidget(existing, widgetOpen);
      return (await load<typeof import('./chat')>('chat')).createChat({ ...mw.options(), global });
    })();
    chat.catch(() => (chat = null));
    return chat;
  };

  const { project: p, locale, server } = script.dataset;
  const mw = createMultiwidget(
    { server: new URL(script.src).origin, ...readOptions({ project: p, locale, server }, warn) },
    {
      loadController: () => load('panel'),
      loadRules: (kind) => load(`rules-${kind}`),
      loadChat,
      device: () => detectDeviceKind(navigator),
      storage: (() => {
        try {
          return localStorage;
        } catch {
          return null;
        }
      })(),
      warn,
      // widget.js on the page ran the chat's calls (some maybe before this script came): it knows best.
      identity: () => global.identity(project()) ?? identity,
      onVisible: (v) => {
        shown = v;
        chatLauncher();
      },
    },
  );

  const global = installGlobal(
    window,
    mw,
    (method, args) => {
      if (!(METHODS as readonly string[]).includes(method)) return warn(`unknown method "${method}"; available: ${METHODS.join(', ')}`);
      if (method === 'init') return mw.init(readOptions(args[0], warn)).catch(() => undefined);
      if (method === 'destroy') global.destroy();
      return (mw[method as (typeof METHODS)[number]] as (...a: unknown[]) => unknown)(...args);
    },
    // widget.js creates its widgets right after installing its facade: look once they exist.
    () => queueMicrotask(chatLauncher),
    // After the queue: the chat starts with every option and call that came before.
    (method) => {
      if (typeof method === 'string' && CHAT_NOW.includes(method)) queueMicrotask(() => void mw.chat().catch((e: unknown) => warn(String(e))));
    },
    (call) => {
      if (call[0] === 'identify') identity = call[1] ?? null;
      else if (call[0] === 'logout') identity = null;
    },
  );
  void mw.init();
})();
