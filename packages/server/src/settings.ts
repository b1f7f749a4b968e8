import { createHash } from 'node:crypto';
import * as v from 'valibot';
import {
  DEFAULT_ATTACHMENT_LIMITS,
  DEFAULT_RETENTION_DAYS,
  ProjectSettingsSchema,
  PublicConfigSchema,
  defaultSchedule,
  type Locale,
  type ProjectSettings,
  type PublicConfig,
} from '@parley/protocol';

/** Settings of a new project: every option the seed documents describe, with their defaults. */
export function defaultProjectSettings(project: string, name: string, locale: Locale = 'ru'): ProjectSettings {
  return v.parse(ProjectSettingsSchema, {
    project,
    name,
    texts: { defaultLocale: locale, overrides: {} },
    schedule: defaultSchedule(),
    offlineForm: {
      enabled: true,
      fields: { name: 'optional', phone: 'optional', email: 'optional', message: 'required' },
      requireContact: true,
    },
    pageFilter: { enabled: false, rules: '' },
    devices: [],
    attachments: { enabled: true, limits: { ...DEFAULT_ATTACHMENT_LIMITS } },
    appearance: { color: '#2563eb', position: 'bottom-right', offsetX: 20, offsetY: 20, zIndex: 2147483000, theme: 'auto' },
    rating: { enabled: true },
    sound: { enabled: true },
    preChat: { enabled: false, fields: { name: 'optional', email: 'optional', phone: 'off' }, consent: 'off', privacyUrl: '' },
    greetings: [],
    multiwidget: {
      enabled: false,
      button: {
        color: '#2563eb',
        position: 'bottom-right',
        offsetX: 20,
        offsetY: 20,
        pulse: true,
        callToAction: {},
        callToActionDelaySeconds: 0,
      },
      channels: [{ kind: 'chat', enabled: true, target: '' }],
    },
    retentionDays: DEFAULT_RETENTION_DAYS,
    crmFields: [],
    routing: [],
    autoAssign: { enabled: false },
    email: { replies: true, senderName: '', replyDomain: '', teamAddress: '', operatorAlerts: true },
    help: { operatorsWrite: false },
    calls: { enabled: true, iceServers: [] },
  });
}

/** Reads stored settings; the row's id and name win over whatever the JSON says. */
export function parseStoredSettings(json: string, project: string, name: string): ProjectSettings {
  const raw: unknown = JSON.parse(json);
  const merged = { ...(raw as object), project, name };
  const r = v.safeParse(ProjectSettingsSchema, merged);
  if (r.success) return r.output;
  // A setting added by a later version may be missing from an old row: fill from the defaults.
  return v.parse(ProjectSettingsSchema, { ...defaultProjectSettings(project, name), ...(raw as object), project, name });
}

/** The public part: never the secret, the retention period or the CRM fields. */
export function publicConfig(s: ProjectSettings): PublicConfig {
  return v.parse(PublicConfigSchema, {
    project: s.project,
    name: s.name,
    texts: s.texts,
    schedule: s.schedule,
    offlineForm: s.offlineForm,
    pageFilter: s.pageFilter,
    devices: s.devices,
    attachments: s.attachments,
    appearance: s.appearance,
    rating: s.rating,
    sound: s.sound,
    preChat: s.preChat,
    greetings: s.greetings,
    multiwidget: s.multiwidget,
  });
}

/** What widgets cache by: the public config and the knowledge base's locales (presence goes in the ETag apart). */
export function configVersion(config: PublicConfig, help: readonly Locale[]): string {
  return createHash('sha256')
    .update(JSON.stringify({ ...config, help }))
    .digest('base64url')
    .slice(0, 27);
}
