/**
 * What @parley/react and @parley/vue share: one widget per mounted component (or app), kept in
 * step with the component's props, with a state snapshot frameworks can subscribe to and methods
 * that work before the widget exists (a child's effect runs before its parent's).
 *
 * Framework-free and DOM-free: `mount` is the only call that creates a widget, and the wrappers
 * call it only in the browser (an effect, `onMounted`), so server rendering never creates one.
 */
import type { EventProps, IdentifyInput, Widget, WidgetEventMap, WidgetEventName, WidgetOptions } from './types';
import { EVENT_NAMES } from './core/events';

/** Custom params as the wrappers take them: the whole set (a key that disappears is removed). */
export type CustomParams = Record<string, string | number | boolean | null>;

/** The props of `<ParleyChat>` (React and Vue) and the options of the Vue plugin. */
export interface ChatProps extends WidgetOptions {
  /** A signed-in visitor (`{ id, signature }` or `{ jwt }`, signed on your server); null or absent: anonymous. Changing it to null logs out. */
  identity?: IdentifyInput | null;
  /** Parameters operators see on the dialog; replaces the previous set. */
  customParams?: CustomParams;
}

export interface ChatState {
  /** The project config has loaded and the widget decided where it shows. */
  ready: boolean;
  /** The chat panel is open. */
  isOpen: boolean;
  /** Operator messages the visitor has not seen. */
  unread: number;
}

export const INITIAL_STATE: ChatState = Object.freeze({ ready: false, isOpen: false, unread: 0 });

/** What a component does with the chat: the methods useParley() hands out (React and Vue). */
export type ChatMethods = Pick<ChatBinding, 'open' | 'close' | 'toggle' | 'event' | 'on' | 'widget'>;

export interface ChatBinding {
  /** Creates the widget with these props (destroying a previous one). Browser only. */
  mount(props: ChatProps): void;
  /** Applies changed props: a new project, server or name makes a new widget; the rest applies live. */
  update(props: ChatProps): void;
  /** Destroys the widget: every node, listener, timer and connection goes. */
  unmount(): void;
  /** The current state (a new object on every change, for useSyncExternalStore and refs). */
  getState(): ChatState;
  /** Calls `fn` on every state change; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void;
  /** The widget, while mounted. */
  widget(): Widget | null;
  /** Opens the panel (waits for the widget when called before it exists). */
  open(): Promise<void>;
  close(): void;
  toggle(): Promise<void>;
  /** `parley('event', name, props)`: kept until the widget exists, then recorded. */
  event(name: string, props?: EventProps): void;
  /** Listens to widget events across remounts; returns the unsubscribe function. */
  on<K extends WidgetEventName>(event: K, fn: (payload: WidgetEventMap[K]) => void): () => void;
}

const identityKey = (i: IdentifyInput | null | undefined) => (i ? JSON.stringify(i) : '');
const WIDGET_KEYS = ['project', 'server', 'name'] as const;
type Listener = (payload: never) => void;

/** The widget options among the props (identity and custom params are applied through methods). */
function optionsOf(props: ChatProps): WidgetOptions {
  const { identity: _i, customParams: _c, ...options } = props;
  return options;
}

/** Options whose value changed (compared as JSON: props objects are often new on every render). */
function changedOptions(before: WidgetOptions, after: WidgetOptions): Partial<WidgetOptions> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (JSON.stringify(v) !== JSON.stringify((before as unknown as Record<string, unknown>)[k])) out[k] = v;
  }
  return out;
}

/** The patch that turns custom params `before` into `after` (`null` removes a key). */
export function paramsPatch(before: CustomParams, after: CustomParams): CustomParams {
  const patch: CustomParams = {};
  for (const k of Object.keys(before)) if (!(k in after)) patch[k] = null;
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) patch[k] = v;
  return patch;
}

export function createChatBinding(create: (options: WidgetOptions) => Widget): ChatBinding {
  let current: Widget | null = null;
  let applied: ChatProps | null = null;
  let state: ChatState = INITIAL_STATE;
  const subscribers = new Set<() => void>();
  const listeners = new Map<WidgetEventName, Set<Listener>>();
  let waiting: ((w: Widget) => void)[] = [];
  let stops: (() => void)[] = [];

  const setState = (patch: Partial<ChatState>) => {
    state = { ...state, ...patch };
    for (const fn of [...subscribers]) fn();
  };

  const forward = <K extends WidgetEventName>(event: K, payload: WidgetEventMap[K]) => {
    for (const fn of [...(listeners.get(event) ?? [])]) (fn as (p: WidgetEventMap[K]) => void)(payload);
  };

  const applyIdentity = (w: Widget, before: IdentifyInput | null | undefined, after: IdentifyInput | null | undefined) => {
    if (identityKey(before) === identityKey(after)) return;
    // Failures are the widget's to report (a console warning); the page carries on.
    if (after) w.identify(after).catch(() => undefined);
    else w.logout().catch(() => undefined);
  };

  const applyParams = (w: Widget, before: CustomParams | undefined, after: CustomParams | undefined) => {
    const patch = paramsPatch(before ?? {}, after ?? {});
    if (Object.keys(patch).length > 0) w.setCustomParams(patch);
  };

  const destroy = () => {
    for (const stop of stops.splice(0)) stop();
    current?.destroy();
    current = null;
    applied = null;
    if (state !== INITIAL_STATE) {
      state = INITIAL_STATE;
      for (const fn of [...subscribers]) fn();
    }
  };

  /** Runs `fn` on the widget now, or once it exists. */
  const withWidget = <T>(fn: (w: Widget) => T | Promise<T>): Promise<T> =>
    current
      ? Promise.resolve(fn(current))
      : new Promise<T>((resolve, reject) => {
          waiting.push((w) => {
            try {
              resolve(fn(w));
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          });
        });

  const mount = (props: ChatProps) => {
    destroy();
    const w = create(optionsOf(props));
    current = w;
    applied = props;
    stops = EVENT_NAMES.map((name) => w.on(name, (p) => forward(name, p)));
    stops.push(
      w.on('ready', () => setState({ ready: true })),
      w.on('open', () => setState({ isOpen: true })),
      w.on('close', () => setState({ isOpen: false })),
      w.on('unread', (p) => setState({ unread: p.count })),
    );
    applyParams(w, undefined, props.customParams);
    applyIdentity(w, undefined, props.identity);
    const queued = waiting;
    waiting = [];
    for (const run of queued) run(w);
  };

  return {
    mount,

    update(props) {
      const w = current;
      const before = applied;
      if (!w || !before) return;
      if (WIDGET_KEYS.some((k) => props[k] !== before[k])) return mount(props);
      applied = props;
      const changed = changedOptions(optionsOf(before), optionsOf(props));
      if (Object.keys(changed).length > 0) w.init(changed).catch(() => undefined);
      applyParams(w, before.customParams, props.customParams);
      applyIdentity(w, before.identity, props.identity);
    },

    unmount: destroy,
    getState: () => state,
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    widget: () => current,
    open: () => withWidget((w) => w.open()),
    close: () => current?.close(),
    toggle: () => withWidget((w) => w.toggle()),
    event(name, props) {
      void withWidget((w) => w.event(name, props));
    },
    on(event, fn) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
  };
}
