import type { Widget } from '../types';

/**
 * What the scripts sharing the global `parley(...)` (widget.js and multiwidget.js) agree on.
 * One definition, imported by both.
 */

/** Calls whose method starts with this belong to the multiwidget, never to the chat. */
export const MULTIWIDGET_PREFIX = 'multiwidget.';

export function isMultiwidgetCall(method: unknown): boolean {
  return typeof method === 'string' && method.startsWith(MULTIWIDGET_PREFIX);
}

/** The widgets behind the global function, by name, and the project each was started with. */
export interface Registry {
  widgets: Map<string, Widget>;
  projects: Map<string, string>;
  /**
   * The proof each widget was last given by `identify` (removed at `logout`): multiwidget.js,
   * arriving after widget.js ran those calls, asks the server for a signed-in Telegram ref with it.
   */
  ids: Map<string, unknown>;
}

export const DEFAULT_NAME = 'default';

/** The name of the widget started for `project`; else the default one (started before its project was known). */
function nameFor(reg: Registry, project: string): string {
  for (const [name, p] of reg.projects) if (p === project) return name;
  return DEFAULT_NAME;
}

/** The widget started for `project`; else the default one. */
export function findWidget(reg: Registry, project: string): Widget | null {
  return reg.widgets.get(nameFor(reg, project)) ?? null;
}

/** The proof the page last gave that widget's `identify` (null: none, or logged out since). */
export function findIdentity(reg: Registry, project: string): unknown {
  return reg.ids?.get(nameFor(reg, project)) ?? null;
}
