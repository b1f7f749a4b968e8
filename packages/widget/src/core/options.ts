import type { AppInfo, Appearance, FilterDeviceType, Locale, PageFilter, Schedule } from '@parley/protocol';
import {
  checkAppearance,
  checkDevices,
  checkGoals,
  checkInstanceName,
  checkLocale,
  checkNonce,
  checkPageFilter,
  checkProjectId,
} from '../generated/validators-loader';
import { bool, own, parse, pipe, str, type V } from './check';
import { parseTextsInput, type TextLayer } from './texts';
import type { GoalTargets } from './goals';
import type { IdentifyCallback, WidgetEventName } from '../types';

/** Options after validation: every field is either valid or absent. */
export interface Settings {
  project?: string;
  server?: string;
  name?: string;
  locale?: Locale;
  texts?: TextLayer;
  pageFilter?: PageFilter;
  devices?: FilterDeviceType[];
  schedule?: Schedule;
  offlineForm?: boolean;
  appearance?: Partial<Appearance>;
  launcher?: boolean;
  goals?: Partial<Record<WidgetEventName, GoalTargets>>;
  app?: AppInfo;
  nonce?: string;
  identify?: IdentifyCallback;
}

const toOrigin = (x: string): string => {
  const u = new URL(x);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw [];
  return u.origin;
};

/** One validator per option (protocol's schemas, compiled): a bad option is reported and left out, the others still apply. */
/**
 * Any object: `schedule` and `app` are checked in full by the code that reads them (the schedule
 * chunk, the chat), which warns then; the loader carries neither check.
 */
const object: V = (x) => {
  if (!x || typeof x != 'object') throw [];
  return x;
};

const CHECKS: Readonly<Record<Exclude<keyof Settings, 'texts'>, V>> = {
  project: checkProjectId,
  server: pipe(str, toOrigin),
  name: checkInstanceName,
  locale: checkLocale,
  pageFilter: (x) =>
    typeof x === 'string' && x.length <= 10000 ? { enabled: true, rules: x } : x === false ? { enabled: false, rules: '' } : checkPageFilter(x),
  devices: checkDevices,
  schedule: object,
  offlineForm: bool,
  appearance: checkAppearance,
  launcher: bool,
  goals: checkGoals,
  app: object,
  nonce: checkNonce,
  identify: (x) => {
    if (typeof x != 'function') throw [];
    return x;
  },
};

/**
 * Validates options field by field: a bad field is reported and left out, the rest still apply,
 * so one mistake never stops the widget.
 */
export function readOptions(input: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const settings: Record<string, unknown> = {};
  if (input === undefined) return { settings, problems };
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { settings, problems: ['options must be an object'] };
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (key === 'texts') {
      const r = parseTextsInput(value);
      problems.push(...r.problems.map((p) => `texts: ${p}`));
      settings.texts = r.layer;
      continue;
    }
    const check = own(CHECKS, key) ? CHECKS[key as keyof typeof CHECKS] : undefined;
    if (!check) {
      problems.push(`unknown option "${key}"`);
      continue;
    }
    const r = parse(check, value);
    if (r.ok) settings[key] = r.value;
    else problems.push(`invalid option "${[key, r.path].filter(Boolean).join('.')}"`);
  }
  return { settings, problems };
}

/** Later settings win, except texts and goals and appearance which merge key by key. */
export function mergeSettings(a: Settings, b: Settings): Settings {
  const out: Settings = { ...a, ...b };
  if (a.appearance && b.appearance) out.appearance = { ...a.appearance, ...b.appearance };
  if (a.goals && b.goals) out.goals = { ...a.goals, ...b.goals };
  if (a.texts && b.texts) {
    const t: TextLayer = { ...a.texts };
    for (const [locale, layer] of Object.entries(b.texts) as [Locale, Record<string, string>][]) t[locale] = { ...a.texts[locale], ...layer };
    out.texts = t;
  }
  return out;
}

/** Reads the data attributes of the embed script (`data-project`, `data-locale`, …). */
export function optionsFromDataset(ds: DOMStringMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const str = ['project', 'name', 'locale', 'server', 'nonce'] as const;
  for (const k of str) if (ds[k]) out[k] = ds[k];
  const appearance: Record<string, unknown> = {};
  if (ds.color) appearance.color = ds.color;
  if (ds.position) appearance.position = ds.position;
  if (ds.theme) appearance.theme = ds.theme;
  if (ds.zIndex) appearance.zIndex = Number(ds.zIndex);
  if (Object.keys(appearance).length > 0) out.appearance = appearance;
  if (ds.launcher === 'false') out.launcher = false;
  return out;
}
