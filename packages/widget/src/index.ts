/**
 * @parley/widget: the chat widget as an ESM package.
 *
 *   import { createWidget } from '@parley/widget';
 *   const chat = createWidget({ project: 'demo', server: 'https://chat.example.com' });
 *   chat.on('message:received', (m) => console.log(m.text));
 *   await chat.open();
 *
 * The instance has the same methods as the global `parley(...)` of the one-script embed.
 */
import { createInstance } from './core/widget';
import { ParleyError } from './core/errors';
import type { Widget, WidgetOptions } from './types';

export function createWidget(options: WidgetOptions): Widget {
  return createInstance(options, { win: window, doc: document });
}

export { ParleyError };
export { detectDeviceKind, type DeviceKind, type DeviceKindInput } from './core/device-kind';
/** The analytics goal adapters (gtag, Yandex Metrica, dataLayer), for integrations such as the multiwidget. */
export { fireGoal } from './core/goals';
/** Foreground colour readable on a brand colour (the launchers' icon colour). */
export { contrastOn } from './core/dom';
/** How widget.js and multiwidget.js share the global `parley(...)`. */
export { MULTIWIDGET_PREFIX, findWidget, isMultiwidgetCall, type Registry } from './embed/global-contract';
export type {
  AppearanceOption, FilterDevice, GoalTargets, Goals, IdentifyInput, Locale, MessageEventPayload, PageInput, ScheduleOption,
  TextsInput, TimeRange, Widget, WidgetEventMap, WidgetEventName, WidgetMode, WidgetOptions,
} from './types';
