/**
 * The multiwidget's share of the global `parley(...)` function, which it has in common with the
 * chat widget (dist/widget.js) and its queue stub:
 *
 *   window.parley = window.parley || function () { (parley.q = parley.q || []).push(arguments) };
 *   parley('multiwidget.on', 'channel:click', (e) => ...);   // the multiwidget's calls
 *   parley('setCustomParams', { product: 'Windows' });          // the chat's calls
 *
 * Calls whose method starts with `multiwidget.` are the multiwidget's; every other call is the
 * chat's. Whichever script loads first, each call runs once, in order, in the script it is for:
 * - Before the widget's facade exists, the chat's calls wait in `parley.q`, exactly where the
 *   widget's stub keeps them, so widget.js (loading later) finds and runs them; or, on a page
 *   without widget.js, the multiwidget hands them to the chat it loads when the visitor picks it.
 * - The function stays the multiwidget's: when widget.js installs its facade, the assignment is
 *   kept as the chat's handler and the chat's calls go there from then on.
 * - When widget.js loaded first, its facade kept the multiwidget's calls in its `q`; they are taken
 *   from there and run here, in order.
 */
import type { Widget } from '@parley/widget';
import { MULTIWIDGET_PREFIX, findIdentity, findWidget, isMultiwidgetCall, type Registry } from '@parley/widget/internal';

export const PREFIX = MULTIWIDGET_PREFIX;

/** The widget's global facade, as far as the multiwidget relies on it. */
export interface WidgetFacade {
  (method: string, ...args: unknown[]): unknown;
  /** Set on the multiwidget's own facade, so a second copy of multiwidget.js stands down. */
  __multiwidget?: unknown;
  q?: ArrayLike<unknown>[];
  __parley?: Registry;
  version?: string;
}

export interface Global {
  /** The chat's calls not yet run anywhere, in order. */
  queue: ArrayLike<unknown>[];
  /** The widget instance for a project on this page (from widget.js), if any. */
  widget(project: string): Widget | null;
  /**
   * The identity proof widget.js holds for that project's widget (its `identify` calls, those run
   * before this script arrived included), or undefined when widget.js is not on the page.
   */
  identity(project: string): unknown;
  /** Routes the chat's calls to `fn` from now on (the multiwidget's own chat, on pages without widget.js). */
  routeChat(fn: (call: ArrayLike<unknown>) => void): void;
  destroy(): void;
}

type Handler = (method: string, args: unknown[]) => unknown;

/**
 * Takes over `window.parley`. Runs queued multiwidget calls through `handle` (in order),
 * leaves the chat's where the widget expects them, and calls `onWidget` whenever widget.js's
 * facade appears (now or later).
 */
export function installGlobal(
  win: Window,
  owner: unknown,
  handle: Handler,
  onWidget: (facade: WidgetFacade) => void,
  /** A chat call was queued with no chat on the page yet. */
  onChatCall: (method: unknown) => void,
  /** Every chat call the multiwidget sees (routed now, or found waiting), before it runs. */
  watch?: (call: ArrayLike<unknown>) => void,
): Global {
  const w = win as unknown as { parley?: WidgetFacade };
  const before = w.parley;
  let inner: WidgetFacade | null = before?.__parley ? before : null;
  let chat: ((call: ArrayLike<unknown>) => void) | null = null;
  const queue: ArrayLike<unknown>[] = [];
  const mine: unknown[][] = [];

  const route = (call: ArrayLike<unknown>) => {
    const method = call[0];
    if (isMultiwidgetCall(method)) return handle((method as string).slice(PREFIX.length), Array.prototype.slice.call(call, 1));
    watch?.(call);
    if (inner) return inner(...(Array.prototype.slice.call(call) as [string, ...unknown[]]));
    if (chat) return chat(call);
    queue.push(call);
    onChatCall(method);
  };

  const facade = function (...args: unknown[]) {
    return route(args);
  } as WidgetFacade;
  facade.q = queue;
  Object.defineProperty(facade, '__multiwidget', { value: owner });
  Object.defineProperty(facade, '__parley', { get: () => inner?.__parley, configurable: true });
  Object.defineProperty(facade, 'version', { get: () => inner?.version, configurable: true });

  const waiting = before?.q;
  if (!inner) {
    for (const call of Array.from(waiting ?? [])) {
      if (isMultiwidgetCall(call[0])) mine.push(Array.prototype.slice.call(call));
      else {
        watch?.(call);
        queue.push(call);
        onChatCall(call[0]);
      }
    }
  } else if (waiting) {
    // widget.js came first and kept our calls for us (the chat's own calls it has run already).
    for (const call of Array.from(waiting)) if (isMultiwidgetCall(call[0])) mine.push(Array.prototype.slice.call(call));
    (waiting as unknown[]).length = 0;
  }
  Object.defineProperty(win, 'parley', {
    configurable: true,
    enumerable: true,
    get: () => facade,
    // widget.js installs its facade by assignment, after running the calls waiting in parley.q.
    set(v: unknown) {
      if (typeof v !== 'function' || v === facade) return;
      inner = v as WidgetFacade;
      queue.length = 0;
      onWidget(inner);
    },
  });
  for (const call of mine) route(call);
  if (inner) onWidget(inner);

  return {
    queue,
    widget(project) {
      const reg = inner?.__parley;
      return reg ? findWidget(reg, project) : null;
    },
    identity(project) {
      const reg = inner?.__parley;
      return reg ? findIdentity(reg, project) : undefined;
    },
    routeChat(fn) {
      chat = fn;
      for (const call of queue.splice(0)) fn(call);
    },
    destroy() {
      // Hand the page back a plain global: the widget's facade, or a stub with what is still queued.
      delete (win as unknown as { parley?: unknown }).parley;
      w.parley = inner ?? Object.assign((...args: unknown[]) => void queue.push(args), { q: queue });
    },
  };
}
