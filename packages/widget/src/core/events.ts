import type { WidgetEventName } from '../types';

/** Every event of the widget's API (`on(event, fn)`), in the order the docs list them. */
export const EVENT_NAMES: readonly WidgetEventName[] = [
  'ready',
  'open',
  'close',
  'message:sent',
  'message:received',
  'unread',
  'offline-form:submitted',
  'rating:submitted',
  'online-change',
];
