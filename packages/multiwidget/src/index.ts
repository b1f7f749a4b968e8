/**
 * @parley/multiwidget: the multi-channel launcher. Site owners use the one-script embed
 * (dist/multiwidget.js, see loader.ts); this entry exposes its pure parts for tools and tests:
 * the deep-link builders and the channel rules.
 */
export {
  channelLink,
  customLink,
  emailLink,
  isSafeLink,
  messengerLink,
  phoneDigits,
  phoneLink,
  refOrNull,
  telegramLink,
  viberLink,
  vkLink,
  whatsappLink,
  type LinkInput,
} from './links';
export {
  NO_RULES,
  needsRules,
  visibleChannels,
  type ChannelEntry,
  type ChannelsConfig,
  type ChannelsContext,
  type PageRules,
  type Rules,
  type ScheduleRules,
} from './channels';
export { linkChannels, type LinkedChannel } from './panel/links';
export type { MultiwidgetEventMap, MultiwidgetEventName } from './contract';
export type { MultiwidgetGoals, MultiwidgetGoalEvent } from './goals';
export type { MultiwidgetOptions } from './multiwidget';
