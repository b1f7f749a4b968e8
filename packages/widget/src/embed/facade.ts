import type { Widget, WidgetOptions } from '../types';
import { createInstance, type Env } from '../core/widget';
import { reportRejection } from '../core/errors';
import { optionsFromDataset } from '../core/options';
import { warn } from '../core/warn';
import { DEFAULT_NAME, isMultiwidgetCall, type Registry } from './global-contract';
import type { EarlyWidgets } from './early';

// One string, split: fewer bytes than a list of literals (the loader is counted byte by byte).
const METHODS: ReadonlySet<string> = new Set(
  'init open close toggle show hide identify logout setCustomParams setLocale setTexts page event on off destroy'.split(' '),
);

/** The global `parley` function once the widget has loaded. */
export interface Parley {
  (method: string, ...args: unknown[]): unknown;
  /**
   * Calls queued by the stub before the script loaded; once the facade is installed, the
   * multiwidget's calls made before multiwidget.js arrived, which it takes from here.
   */
  q?: ArrayLike<unknown>[];
  /** Marks the real facade, so a second copy of the script never makes a second widget. */
  __parley?: Registry;
  version?: string;
}

export { DEFAULT_NAME, type Registry };

/**
 * Runs one `parley(...)` call. `name:method` targets a named widget; `init` with `{ name }` creates
 * one. Every call stands alone: problems become console warnings, never exceptions in the page.
 */
export function dispatch(reg: Registry, env: Env, method: unknown, args: readonly unknown[], later?: unknown[][]): unknown {
  if (later && isMultiwidgetCall(method)) {
    // For multiwidget.js, which has not loaded yet: keep it where that script looks.
    later.push([method, ...args]);
    return undefined;
  }
  if (typeof method !== 'string') {
    warn('parley() needs a method name first');
    return undefined;
  }
  const colon = method.indexOf(':');
  let name = colon > 0 ? method.slice(0, colon) : DEFAULT_NAME;
  const m = colon > 0 ? method.slice(colon + 1) : method;
  if (!METHODS.has(m)) {
    warn(`unknown method "${m}"; available: ${[...METHODS].join(', ')}`);
    return undefined;
  }
  const opts = m === 'init' && args[0] && typeof args[0] === 'object' ? (args[0] as Partial<WidgetOptions>) : null;
  if (opts && typeof opts.name === 'string' && colon < 0) name = opts.name;
  let widget = reg.widgets.get(name);
  if (!widget) {
    if (m === 'destroy') return undefined;
    // Calls before init (setCustomParams, on, …) go to the widget that init will start.
    widget = createInstance(undefined, { ...env, defaults: { ...env.defaults, name } });
    reg.widgets.set(name, widget);
  }
  if (opts && typeof opts.project === 'string' && !reg.projects.has(name)) reg.projects.set(name, opts.project);
  try {
    const fn = widget[m as keyof Widget] as (...a: unknown[]) => unknown;
    const result = fn.apply(widget, args as unknown[]);
    if (m === 'identify') reg.ids.set(name, args[0]);
    if (m === 'destroy' || m === 'logout') reg.ids.delete(name);
    if (m === 'destroy') {
      reg.widgets.delete(name);
      reg.projects.delete(name);
    }
    if (result instanceof Promise) result.catch(reportRejection);
    return result;
  } catch (err) {
    warn(`${m}() failed`, err);
    return undefined;
  }
}

/**
 * Installs the global facade (once per page) and starts the widget a script tag describes with
 * data attributes. Data attributes go first, then the queue stub's calls in order, so options
 * given in JavaScript win.
 */
export function install(win: Window & typeof globalThis, doc: Document, script: HTMLScriptElement | null, version: string, early?: EarlyWidgets): void {
  const g = win as unknown as { parley?: Parley };
  const data = script ? optionsFromDataset(script.dataset) : {};
  const defaults: Partial<WidgetOptions> = {};
  if (script?.src) defaults.server = new URL(script.src, doc.baseURI).origin;
  if (script?.nonce) defaults.nonce = script.nonce;
  const env: Env = { win, doc, defaults, early: early ?? {} };
  const project = typeof data.project === 'string' ? data.project : null;

  const existing = g.parley?.__parley;
  if (existing) {
    // A second copy of the script: a project already on the page is never started twice.
    if (!project || [...existing.projects.values()].includes(project)) return;
    const name = typeof data.name === 'string' ? data.name : project;
    if (!existing.widgets.has(name)) dispatch(existing, env, 'init', [{ ...data, name }]);
    return;
  }
  const reg: Registry = { widgets: new Map(), projects: new Map(), ids: new Map() };
  const queued = Array.from(g.parley?.q ?? []);
  const later: unknown[][] = [];
  const parley: Parley = (method: string, ...args: unknown[]) => dispatch(reg, env, method, args, later);
  parley.__parley = reg;
  parley.q = later;
  parley.version = version;
  g.parley = parley;
  if (project) dispatch(reg, env, 'init', [data]);
  for (const call of queued) dispatch(reg, env, call[0], Array.prototype.slice.call(call, 1), later);
}
