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
}

export const DEFAULT_NAME = 'default';

/** The widget started for `project`; else the default one (started before its project was known). */
export function findWidget(reg: Registry, project: string): Widget | null {
  for (const [name, p] of reg.projects) if (p === project) return reg.widgets.get(name) ?? null;
  return reg.widgets.get(DEFAULT_NAME) ?? null;
}
