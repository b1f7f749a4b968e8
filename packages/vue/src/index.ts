/**
 * @parley/vue: the Parley chat in a Vue app.
 *
 *   app.use(Parley, { project: 'demo', server: 'https://chat.example.com' });       // the whole app
 *   app.use(Parley, () => ({ project: 'demo', server, identity: user.value?.parley })); // reactive options
 *   <ParleyChat project="demo" server="https://chat.example.com" :identity="identity" /> // one part of it
 *
 *   const { open, unread } = useParley();
 *
 * The widget is created only in the browser (on install, or when <ParleyChat> mounts), never
 * during server rendering, and destroyed on `app.unmount()` or when <ParleyChat> unmounts.
 */
import {
  computed,
  defineComponent,
  effectScope,
  getCurrentScope,
  inject,
  onBeforeUnmount,
  onMounted,
  onScopeDispose,
  provide,
  shallowRef,
  toValue,
  watch,
  type App,
  type ComputedRef,
  type InjectionKey,
  type MaybeRefOrGetter,
} from 'vue';
import { createWidget } from '@parley/widget';
import { createChatBinding, type ChatBinding, type ChatMethods, type ChatProps } from '@parley/widget/internal';

export type { ChatProps, ChatState, CustomParams } from '@parley/widget/internal';
export type { EventProps, IdentifyInput, Locale, Widget, WidgetEventMap, WidgetEventName, WidgetOptions } from '@parley/widget';

const KEY: InjectionKey<ChatBinding> = Symbol('parley');
const inBrowser = () => typeof window !== 'undefined' && typeof document !== 'undefined';

/** What useParley() returns: the chat's state as refs, and methods that work from setup on. */
export interface ParleyApi extends ChatMethods {
  /** The project config has loaded and the widget decided where it shows. */
  ready: ComputedRef<boolean>;
  /** The chat panel is open. */
  isOpen: ComputedRef<boolean>;
  /** Operator messages the visitor has not seen. */
  unread: ComputedRef<number>;
}

/**
 * The plugin: one widget for the whole app. Options may be a ref or a getter; the widget follows
 * their changes (`project`, `server` and `name` make a new widget; `identity: null` signs out).
 */
export const Parley = {
  install(app: App, options: MaybeRefOrGetter<ChatProps>): void {
    const binding = createChatBinding(createWidget);
    app.provide(KEY, binding);
    if (!inBrowser()) return;
    const scope = effectScope(true);
    scope.run(() => {
      watch(
        () => toValue(options),
        (props, old) => (old ? binding.update(props) : binding.mount(props)),
        { immediate: true, deep: true },
      );
    });
    app.onUnmount(() => {
      scope.stop();
      binding.unmount();
    });
  },
};

/**
 * The chat while this component is mounted, for the components inside it (useParley() below it
 * reaches this one). Takes the same props as the plugin's options.
 */
export const ParleyChat = defineComponent(
  (props: ChatProps, { slots }) => {
    const binding = createChatBinding(createWidget);
    provide(KEY, binding);
    // The props object is reactive; a plain copy goes to the binding, which compares with what it applied.
    const snapshot = (): ChatProps => JSON.parse(JSON.stringify({ ...props })) as ChatProps;
    onMounted(() => {
      binding.mount(snapshot());
      watch(snapshot, (p) => binding.update(p), { deep: true });
    });
    onBeforeUnmount(() => binding.unmount());
    return () => slots.default?.();
  },
  {
    name: 'ParleyChat',
    props: [
      'project',
      'server',
      'name',
      'locale',
      'texts',
      'pageFilter',
      'devices',
      'schedule',
      'offlineForm',
      'appearance',
      'launcher',
      'goals',
      'app',
      'nonce',
      'identity',
      'customParams',
    ],
  },
);

/** The chat of the nearest <ParleyChat> above, else the plugin's: state refs and methods. */
export function useParley(): ParleyApi {
  const binding = inject(KEY, null);
  if (!binding) throw new Error('useParley() needs app.use(Parley, options) or a <ParleyChat> above this component');
  const state = shallowRef(binding.getState());
  const stop = binding.subscribe(() => (state.value = binding.getState()));
  const subscriptions: (() => void)[] = [stop];
  if (getCurrentScope()) onScopeDispose(() => subscriptions.splice(0).forEach((off) => off()));
  return {
    ready: computed(() => state.value.ready),
    isOpen: computed(() => state.value.isOpen),
    unread: computed(() => state.value.unread),
    open: binding.open,
    close: binding.close,
    toggle: binding.toggle,
    event: binding.event,
    on(event, fn) {
      const off = binding.on(event, fn);
      subscriptions.push(off);
      return off;
    },
    widget: binding.widget,
  };
}
