import { computed, signal, type ReadonlySignal, type Signal } from './signals';
import {
  DEFAULT_LOCALE,
  deviceAllowed,
  widgetMode,
  type Appearance,
  WIDGET_LAUNCHER_TEXTS,
  type PageFilter,
  type Presence,
  type Locale,
  type WidgetMode,
} from '@parley/protocol';
import { resolveText, type BuiltinTexts, type TextKey, type TextParams } from './texts';
import type { Settings } from './options';
import type { DeviceKind } from './device-kind';
import type { WidgetConfigBody } from './config-types';

/** The project config with the `init` overrides applied. */
export interface Effective {
  config: WidgetConfigBody;
  offlineFormEnabled: boolean;
  appearance: Appearance;
  launcher: boolean;
}

export type Translate = (key: TextKey, params?: TextParams) => string;
/** protocol's `pageAllowed`, loaded (page-rules.ts) only for a page filter that has entries. */
export type PageMatcher = (filter: PageFilter, url: string) => boolean;

/** A page filter that needs protocol's page rules to decide; off or empty allows every page without them. */
export function needsPageRules(filter: PageFilter | undefined): filter is PageFilter {
  return !!filter && filter.enabled === true && typeof filter.rules === 'string' && filter.rules.trim() !== '';
}

/** Everything the widget shows is derived from these signals; the instance owns them. */
export interface WidgetState {
  settings: Signal<Settings>;
  /** The launcher's texts until the session chunk sets the full table. */
  builtin: Signal<BuiltinTexts>;
  config: Signal<WidgetConfigBody | null>;
  url: Signal<string>;
  /** The page rules, once loaded; until then a page filter with entries keeps the widget hidden. */
  pageRules: Signal<PageMatcher | null>;
  device: DeviceKind;
  /**
   * Working hours under a schedule given to init (computed locally); null follows the project's,
   * which the server evaluates and sends in the presence.
   */
  scheduleOverride: Signal<boolean | null>;
  /** From the config (before any click), then live from the socket once connected. */
  presence: Signal<Presence | null>;
  /** The socket is established: presence and config changes arrive live. */
  live: Signal<boolean>;
  hasOpenDialog: Signal<boolean>;
  /** A proactive greeting shown on this page (greetings.ts): the panel opens with it. */
  greeting: Signal<string | null>;
  hiddenByApi: Signal<boolean>;
  open: Signal<boolean>;
  unread: Signal<number>;
  /** Server clock minus local clock, once known. */
  clockOffset: Signal<number>;
  effective: ReadonlySignal<Effective | null>;
  locale: ReadonlySignal<Locale>;
  t: ReadonlySignal<Translate>;
  scheduleOpen: ReadonlySignal<boolean>;
  online: ReadonlySignal<boolean>;
  mode: ReadonlySignal<WidgetMode>;
  placement: ReadonlySignal<boolean>;
  /** The widget may appear at all (config loaded, filters pass, not hidden, something to show). */
  visible: ReadonlySignal<boolean>;
}

export function createState(init: { url: string; device: DeviceKind }): WidgetState {
  const settings = signal<Settings>({});
  const builtin = signal<BuiltinTexts>(WIDGET_LAUNCHER_TEXTS);
  const config = signal<WidgetConfigBody | null>(null);
  const url = signal(init.url);
  const pageRules = signal<PageMatcher | null>(null);
  const scheduleOverride = signal<boolean | null>(null);
  const presence = signal<Presence | null>(null);
  const hasOpenDialog = signal(false);
  const hiddenByApi = signal(false);

  const effective = computed<Effective | null>(() => {
    const c = config.value;
    if (!c) return null;
    const s = settings.value;
    return {
      config: {
        ...c,
        pageFilter: s.pageFilter ?? c.pageFilter,
        devices: s.devices ?? c.devices,
      },
      offlineFormEnabled: s.offlineForm ?? c.offlineForm.enabled,
      appearance: { ...c.appearance, ...s.appearance },
      launcher: s.launcher ?? true,
    };
  });
  const locale = computed<Locale>(() => settings.value.locale ?? config.value?.texts.defaultLocale ?? DEFAULT_LOCALE);
  const t = computed<Translate>(() => {
    const l = locale.value;
    const table = builtin.value;
    const layers = [config.value?.texts.overrides ?? {}, settings.value.texts ?? {}];
    return (key, params) => resolveText(key, l, table, layers, params);
  });
  const scheduleOpen = computed(() => scheduleOverride.value ?? presence.value?.scheduleOpen ?? true);
  const online = computed(() => scheduleOpen.value && (presence.value?.operatorsOnline ?? true));
  const mode = computed<WidgetMode>(() =>
    widgetMode({
      scheduleOpen: scheduleOpen.value,
      operatorsOnline: presence.value?.operatorsOnline ?? true,
      offlineFormEnabled: effective.value?.offlineFormEnabled ?? false,
      hasOpenDialog: hasOpenDialog.value,
    }),
  );
  const placement = computed(() => {
    const e = effective.value;
    if (!e || !deviceAllowed(e.config.devices, init.device)) return false;
    const filter = e.config.pageFilter;
    if (!needsPageRules(filter)) return true;
    const match = pageRules.value;
    return !!match && match(filter, url.value);
  });
  const visible = computed(() => placement.value && !hiddenByApi.value && mode.value !== 'hidden');

  return {
    settings,
    builtin,
    config,
    url,
    pageRules,
    device: init.device,
    scheduleOverride,
    presence,
    live: signal(false),
    hasOpenDialog,
    hiddenByApi,
    greeting: signal(null),
    open: signal(false),
    unread: signal(0),
    clockOffset: signal(0),
    effective,
    locale,
    t,
    scheduleOpen,
    online,
    mode,
    placement,
    visible,
  };
}
