import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals-core';
import {
  DEFAULT_LOCALE, placementAllowed, widgetMode,
  type Appearance, type WidgetConfig, type Presence, type Locale, type WidgetMode,
} from '@parley/protocol';
import { resolveText, type BuiltinTexts, type TextKey, type TextParams } from './texts';
import { LAUNCHER_TEXTS } from './texts-launcher';
import type { Settings } from './options';
import type { DeviceKind } from './device-kind';

/** The project config with the `init` overrides applied. */
export interface Effective {
  config: WidgetConfig;
  offlineFormEnabled: boolean;
  appearance: Appearance;
  launcher: boolean;
}

export type Translate = (key: TextKey, params?: TextParams) => string;

/** Everything the widget shows is derived from these signals; the instance owns them. */
export interface WidgetState {
  settings: Signal<Settings>;
  /** The launcher's texts until the session chunk sets the full table. */
  builtin: Signal<BuiltinTexts>;
  config: Signal<WidgetConfig | null>;
  url: Signal<string>;
  device: DeviceKind;
  /** Working hours, computed locally (init may override the project's schedule). */
  scheduleOpen: Signal<boolean>;
  /** From the server once connected; until then operators are assumed to be online. */
  presence: Signal<Presence | null>;
  hasOpenDialog: Signal<boolean>;
  hiddenByApi: Signal<boolean>;
  open: Signal<boolean>;
  unread: Signal<number>;
  /** Server clock minus local clock, once known. */
  clockOffset: Signal<number>;
  effective: ReadonlySignal<Effective | null>;
  locale: ReadonlySignal<Locale>;
  t: ReadonlySignal<Translate>;
  online: ReadonlySignal<boolean>;
  mode: ReadonlySignal<WidgetMode>;
  placement: ReadonlySignal<boolean>;
  /** The widget may appear at all (config loaded, filters pass, not hidden, something to show). */
  visible: ReadonlySignal<boolean>;
}

export function createState(init: { url: string; device: DeviceKind }): WidgetState {
  const settings = signal<Settings>({});
  const builtin = signal<BuiltinTexts>(LAUNCHER_TEXTS);
  const config = signal<WidgetConfig | null>(null);
  const url = signal(init.url);
  const scheduleOpen = signal(true);
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
        schedule: s.schedule ?? c.schedule,
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
    return !!e && placementAllowed(e.config, url.value, init.device);
  });
  const visible = computed(() => placement.value && !hiddenByApi.value && mode.value !== 'hidden');

  return {
    settings, builtin, config, url, device: init.device, scheduleOpen, presence, hasOpenDialog, hiddenByApi,
    open: signal(false), unread: signal(0), clockOffset: signal(0),
    effective, locale, t, online, mode, placement, visible,
  };
}
