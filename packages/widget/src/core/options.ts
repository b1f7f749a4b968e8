import * as v from 'valibot';
import {
  AppInfoSchema, AppearanceSchema, DeviceFilterSchema, LocaleSchema, PageFilterSchema, ProjectIdSchema, ScheduleSchema,
  type AppInfo, type Appearance, type FilterDeviceType, type Locale, type PageFilter, type Schedule,
} from '@parley/protocol';
import { parseTextsInput, type TextLayer } from './texts';
import type { GoalTargets } from './goals';
import type { IdentifyCallback, WidgetEventName } from '../types';

export const EVENT_NAMES: readonly WidgetEventName[] = [
  'ready', 'open', 'close', 'message:sent', 'message:received', 'unread', 'offline-form:submitted', 'rating:submitted',
  'online-change',
];

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

const GoalTargetsSchema = v.strictObject({
  gtag: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
  ym: v.optional(v.strictObject({ counter: v.pipe(v.number(), v.integer(), v.minValue(1)), goal: v.pipe(v.string(), v.minLength(1)) })),
  dataLayer: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
});

const toOrigin = (x: string): string | null => {
  try {
    const u = new URL(x);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
};

/** One schema per option: a bad option is reported and left out, the others still apply. */
const SCHEMAS: Readonly<Record<Exclude<keyof Settings, 'texts'>, v.GenericSchema<unknown, unknown>>> = {
  project: ProjectIdSchema,
  server: v.pipe(v.string(), v.transform(toOrigin), v.string()),
  name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/)),
  locale: LocaleSchema,
  pageFilter: v.union([
    PageFilterSchema,
    v.pipe(v.string(), v.maxLength(10000), v.transform((rules) => ({ enabled: true, rules }))),
    v.pipe(v.literal(false), v.transform(() => ({ enabled: false, rules: '' }))),
  ]),
  devices: DeviceFilterSchema,
  schedule: ScheduleSchema,
  offlineForm: v.boolean(),
  appearance: v.strictObject(v.partial(AppearanceSchema).entries),
  launcher: v.boolean(),
  goals: v.record(v.picklist(EVENT_NAMES), GoalTargetsSchema),
  app: AppInfoSchema,
  nonce: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/=_-]{1,200}$/)),
  identify: v.custom<IdentifyCallback>((x) => typeof x === 'function'),
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
    const schema = Object.prototype.hasOwnProperty.call(SCHEMAS, key) ? SCHEMAS[key as keyof typeof SCHEMAS] : undefined;
    if (!schema) {
      problems.push(`unknown option "${key}"`);
      continue;
    }
    const r = v.safeParse(schema, value);
    if (r.success) settings[key] = r.output;
    else problems.push(`invalid option "${[key, v.getDotPath(r.issues[0]!)].filter(Boolean).join('.')}"`);
  }
  return { settings: settings as Settings, problems };
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
