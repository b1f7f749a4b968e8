/**
 * @parley/widget: the chat widget as an ESM package.
 *
 *   import { createWidget } from '@parley/widget';
 *   const chat = createWidget({ project: 'demo', server: 'https://chat.example.com' });
 *   chat.on('message:received', (m) => console.log(m.text));
 *   await chat.open();
 *
 * The instance has the same methods as the global `parley(...)` of the one-script embed.
 * Importing this module touches no browser global, so server rendering may import it; called
 * where there is no DOM, `createWidget` returns an inert instance (see ./inert.ts).
 */
import { createInstance } from './core/widget';
import { ParleyError } from './core/errors';
import { createInertWidget } from './inert';
import type { Widget, WidgetOptions } from './types';

export function createWidget(options: WidgetOptions): Widget {
  if (typeof window === 'undefined' || typeof document === 'undefined') return createInertWidget();
  return createInstance(options, { win: window, doc: document });
}

export { ParleyError };
export { detectDeviceKind, type DeviceKind, type DeviceKindInput } from './core/device-kind';
export type {
  AppearanceOption,
  EventProps,
  FilterDevice,
  GoalTargets,
  Goals,
  IdentifyInput,
  Locale,
  MessageEventPayload,
  PageInput,
  ScheduleOption,
  TextsInput,
  TimeRange,
  Widget,
  WidgetEventMap,
  WidgetEventName,
  WidgetMode,
  WidgetOptions,
} from './types';
