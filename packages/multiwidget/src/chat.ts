/**
 * Entry of the lazily loaded chat (dist/multiwidget/chat.js) for pages without widget.js: the
 * widget's own code (its ESM `createWidget`), started without a launcher, since the multiwidget's
 * button is the one way in. The chat's `parley(...)` calls that waited for it run on it now, in
 * order, and later ones go straight to it.
 */
import { createWidget, type Widget, type WidgetOptions } from '@parley/widget';
import type { Locale } from '@parley/protocol';
import type { ChatAdapter } from './contract';
import type { Global } from './global';
import { adaptWidget } from './chat-adapter';

const METHODS: ReadonlySet<string> = new Set([
  'init',
  'open',
  'close',
  'toggle',
  'show',
  'hide',
  'identify',
  'logout',
  'setCustomParams',
  'setLocale',
  'setTexts',
  'page',
  'event',
  'on',
  'off',
  'destroy',
]);

function apply(widget: Widget, call: ArrayLike<unknown>): unknown {
  const [method, ...args] = Array.prototype.slice.call(call) as unknown[];
  if (typeof method !== 'string' || !METHODS.has(method)) {
    console.warn(`Parley: parley(${JSON.stringify(method)}) is not available with the multiwidget alone; add widget.js for named chats`);
    return undefined;
  }
  // The multiwidget owns the launcher, its project and its server.
  if (method === 'init') args[0] = { ...(args[0] as Partial<WidgetOptions>), launcher: false, project: undefined, server: undefined };
  try {
    const r = (widget[method as keyof Widget] as (...a: unknown[]) => unknown).apply(widget, args);
    if (r instanceof Promise) r.catch((e: unknown) => console.warn('Parley:', e instanceof Error ? e.message : e));
    return r;
  } catch (e) {
    console.warn(`Parley: ${method}() failed`, e);
    return undefined;
  }
}

export function createChat(o: { project?: string; server?: string; locale?: Locale; global: Global }): ChatAdapter {
  const widget = createWidget({
    project: o.project ?? '',
    server: o.server ?? '',
    launcher: false,
    ...(o.locale ? { locale: o.locale } : {}),
  });
  const adapter = adaptWidget(widget);
  o.global.routeChat((call) => apply(widget, call));
  return {
    ...adapter,
    destroy() {
      adapter.destroy();
      widget.destroy();
    },
  };
}
