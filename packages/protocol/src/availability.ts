import type { PublicConfig } from './entities';
import type { DeviceKind } from './device';
import { pageAllowed } from './rules/page-filter';
import { deviceAllowed } from './rules/device-filter';

export type WidgetMode = 'chat' | 'offline-form' | 'hidden';

/**
 * What the chat shows, once page and device filters allow it at all.
 * Outside working hours or with nobody online the offline form takes over when enabled;
 * otherwise the chat hides. A visitor with an open dialog keeps the chat, so a conversation
 * in progress is never cut off: operators answer when they are back.
 */
export function widgetMode(s: { scheduleOpen: boolean; operatorsOnline: boolean; offlineFormEnabled: boolean; hasOpenDialog: boolean }): WidgetMode {
  if (s.scheduleOpen && s.operatorsOnline) return 'chat';
  if (s.hasOpenDialog) return 'chat';
  return s.offlineFormEnabled ? 'offline-form' : 'hidden';
}

/** Page filter and device filter together: may the widget appear on this page for this device? */
export function placementAllowed(config: Pick<PublicConfig, 'pageFilter' | 'devices'>, url: string, device: DeviceKind): boolean {
  return pageAllowed(config.pageFilter, url) && deviceAllowed(config.devices, device);
}
