/**
 * Which channels the multiwidget offers on this page, now, to this device: the same protocol rules
 * as the chat (page filter, device filter, working hours), applied per channel.
 *
 * - A channel shows when it is enabled, its own page filter and device filter allow this page and
 *   device, and (with followSchedule) the project's schedule is open.
 * - The chat channel also obeys the chat's own placement (the project's page and device filter)
 *   and availability (widgetMode): outside working hours it shows only when the offline form is on
 *   or the visitor has an open dialog. Operators' presence is unknown before the chat connects, so
 *   it counts as online; the chat itself then shows the offline form if nobody answers.
 *
 * The page filter and schedule rules are protocol's, passed in as `rules`: the launcher loads each
 * (dist/multiwidget/rules-page.js, rules-schedule.js) only for a project whose channels use it
 * (needsRules), and otherwise uses NO_RULES' part, which gives the same answers for such a project.
 * Links are built in the panel (panel/links.ts), when the list is first shown.
 */
import {
  deviceAllowed,
  widgetMode,
  type ChannelKind,
  type ChannelSettings,
  type FilterDeviceType,
  type PublicConfig,
  type pageAllowed,
  type placementAllowed,
  type scheduleState,
} from '@parley/protocol';

export type ChannelsConfig = Pick<PublicConfig, 'multiwidget' | 'schedule' | 'pageFilter' | 'devices' | 'offlineForm'>;

export interface PageRules {
  pageAllowed: typeof pageAllowed;
  placementAllowed: typeof placementAllowed;
}
export interface ScheduleRules {
  scheduleState: typeof scheduleState;
}
export type Rules = PageRules & ScheduleRules;

/**
 * The rules for a project that uses neither page filters nor working hours: every page allowed,
 * the schedule open. Each part is only valid where needsRules(config) says that part is not
 * needed (see channels.test.ts).
 */
export const NO_RULES: Rules = {
  pageAllowed: () => true,
  placementAllowed: (config, _url, device) => deviceAllowed(config.devices, device),
  scheduleState: () => ({ open: true, nextChange: null }),
};

export interface ChannelEntry {
  /** Position in the project's list: a channel's identity (a kind may appear more than once). */
  index: number;
  kind: ChannelKind;
  settings: ChannelSettings;
}

export interface ChannelsContext {
  url: string;
  device: FilterDeviceType;
  now: number;
  /** The visitor has an open chat dialog (keeps the chat offered outside working hours). */
  hasOpenDialog?: boolean;
}

export interface ChannelsState {
  channels: ChannelEntry[];
  /** When the answer may change by the clock alone (epoch ms), or null. */
  nextChange: number | null;
}

/** Which rules the enabled channels depend on: page filters, working hours. */
export function needsRules(config: ChannelsConfig): { page: boolean; schedule: boolean } {
  const timed = !config.schedule.alwaysOn;
  const on = config.multiwidget.channels.filter((c) => c.enabled);
  const chat = on.some((c) => c.kind === 'chat');
  return {
    page: on.some((c) => c.pageFilter?.enabled === true) || (chat && config.pageFilter.enabled),
    schedule: timed && (on.some((c) => c.followSchedule) || (chat && !config.offlineForm.enabled)),
  };
}

export function visibleChannels(config: ChannelsConfig, ctx: ChannelsContext, rules: Rules): ChannelsState {
  const mw = config.multiwidget;
  if (!mw.enabled) return { channels: [], nextChange: null };
  const schedule = rules.scheduleState(config.schedule, ctx.now);
  let usesSchedule = false;
  const channels: ChannelEntry[] = [];
  mw.channels.forEach((settings, index) => {
    if (!settings.enabled) return;
    if (!rules.pageAllowed(settings.pageFilter, ctx.url) || !deviceAllowed(settings.devices, ctx.device)) return;
    if (settings.followSchedule) {
      usesSchedule = true;
      if (!schedule.open) return;
    }
    const { kind } = settings;
    if (kind === 'chat') {
      if (!rules.placementAllowed(config, ctx.url, ctx.device)) return;
      if (!config.offlineForm.enabled) usesSchedule = true;
      const mode = widgetMode({
        scheduleOpen: schedule.open,
        operatorsOnline: true,
        offlineFormEnabled: config.offlineForm.enabled,
        hasOpenDialog: ctx.hasOpenDialog === true,
      });
      if (mode === 'hidden') return;
    }
    channels.push({ index, kind, settings });
  });
  return { channels, nextChange: usesSchedule ? schedule.nextChange : null };
}
