/**
 * `npm run gen:validators`: writes packages/widget/src/generated/validators-*.ts, the widget's
 * validators compiled from protocol's valibot schemas (build/validators.ts). Run it after changing a
 * schema the widget reads; validators.test.ts fails while they are out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  AttachmentSettingsSchema,
  CallToVisitorFrameSchema,
  CustomParamsPatchSchema,
  DeviceFilterSchema,
  EventTrackSchema,
  GreetingsSettingsSchema,
  IdentitySchema,
  LocaleSchema,
  OfflineFormSettingsSchema,
  PageFilterSchema,
  PreChatSettingsSchema,
  ProjectIdSchema,
  ScheduleSchema,
  VisitorRequestDetailSchema,
  VisitorRequestsResponseSchema,
  isPrintable,
  isValidTimeZone,
} from '@parley/protocol';
import {
  AppOptionSchema,
  AppearanceOptionSchema,
  CacheSchema,
  ChatConfigSchema,
  GoalsSchema,
  InstanceNameSchema,
  LauncherConfigSchema,
  NonceSchema,
  UploadResponseSchema,
  WidgetApiErrorSchema,
  WidgetServerFrameSchema,
} from '../packages/widget/src/schemas';
import { generateValidators, type ExportSpec } from '../build/validators';

export const OUT_DIR = fileURLToPath(new URL('../packages/widget/src/generated/', import.meta.url));

/**
 * What the widget validates, per generated file: the loader's validators (before interaction), then
 * the chat's (loaded with the chat chunk). Each export: the schema and the TypeScript type of its output.
 */
export const WIDGET_VALIDATORS: Record<string, Record<string, ExportSpec>> = {
  'validators-loader.ts': {
    checkLauncherConfig: { schema: LauncherConfigSchema, type: 'LauncherConfig' },
    checkProjectId: { schema: ProjectIdSchema, type: 'string' },
    checkInstanceName: { schema: InstanceNameSchema, type: 'string' },
    checkNonce: { schema: NonceSchema, type: 'string' },
    checkLocale: { schema: LocaleSchema, type: 'Locale' },
    checkPageFilter: { schema: PageFilterSchema, type: 'PageFilter' },
    checkDevices: { schema: DeviceFilterSchema, type: 'FilterDeviceType[]' },
    checkAppearance: { schema: AppearanceOptionSchema, type: 'Partial<Appearance>' },
    checkGoals: { schema: GoalsSchema, type: 'Partial<Record<WidgetEventName, GoalTargets>>' },
  },
  'validators-chat.ts': {
    checkChatParts: { schema: ChatConfigSchema, type: 'ChatParts' },
    // An error's code may be one this build does not know (schemas.ts): typed as the known ones,
    // which the widget compares with and otherwise passes on.
    checkServerFrame: { schema: WidgetServerFrameSchema, type: 'ServerFrame' },
    // init({ app }): only the chat reads it (the device it reports), so it is checked there.
    checkApp: { schema: AppOptionSchema, type: 'AppInfo' },
    checkCache: { schema: CacheSchema, type: 'HistoryCache' },
    checkIdentity: { schema: IdentitySchema, type: 'Identity' },
  },
  // The page's calls beyond chatting, event() and setCustomParams() (calls before the chat loads wait
  // for it unchecked): with their chunk (session/page-calls.ts), loaded by the first such call.
  'validators-page-calls.ts': {
    checkEventTrack: { schema: EventTrackSchema, type: 'EventTrack' },
    checkParamsPatch: { schema: CustomParamsPatchSchema, type: 'CustomParamsPatch' },
  },
  // The upload's answers: with the attach chunk (session/upload.ts loads with it).
  'validators-upload.ts': {
    checkUploadResponse: { schema: UploadResponseSchema, type: '{ upload: UploadedFile }' },
    checkApiError: { schema: WidgetApiErrorSchema, type: 'ApiError' },
    // The config's attachment limits: the chat checks only `enabled` (see ChatConfigSchema).
    checkAttachments: { schema: AttachmentSettingsSchema, type: 'AttachmentSettings' },
  },
  // The config parts only the forms read (see ChatConfigSchema): with the forms' shared chunk.
  'validators-forms.ts': {
    checkOfflineForm: { schema: OfflineFormSettingsSchema, type: 'OfflineFormSettings' },
    checkPreChat: { schema: PreChatSettingsSchema, type: 'PreChatSettings' },
  },
  // The greetings' part of the config: with the greetings chunk (which the loader imports).
  'validators-greetings.ts': {
    checkGreetings: { schema: GreetingsSettingsSchema, type: 'Greeting[]' },
  },
  // init({ schedule }): checked by the chunk that evaluates it (loaded only when given).
  'validators-schedule.ts': {
    checkSchedule: { schema: ScheduleSchema, type: 'Schedule' },
  },
  // "My requests" (issue 19): loaded only when the visitor opens it.
  'validators-requests.ts': {
    checkRequests: { schema: VisitorRequestsResponseSchema, type: 'VisitorRequestsResponse' },
    checkRequest: { schema: VisitorRequestDetailSchema, type: 'VisitorRequestDetail' },
  },
  // Calls (issue 19): loaded only when a call starts.
  'validators-call.ts': {
    checkCallFrame: { schema: CallToVisitorFrameSchema, type: 'CallToVisitorFrame' },
  },
};

export function widgetValidatorsSources(): Record<string, string> {
  return generateValidators(WIDGET_VALIDATORS, {
    header: [
      '// Generated by scripts/gen-validators.ts from the valibot schemas of @parley/protocol and',
      '// src/schemas.ts (`npm run gen:validators`). Do not edit: validators.test.ts checks they are current.',
      '/* eslint-disable */',
    ].join('\n'),
    // The call chunk imports nothing from the chat chunk (see build/validators.ts).
    standalone: ['validators-call.ts', 'validators-schedule.ts', 'validators-forms.ts', 'validators-greetings.ts'],
    runtime: '../core/check',
    checks: new Map([
      [isValidTimeZone, { name: 'isValidTimeZone', from: '@parley/protocol' }],
      [isPrintable, { name: 'isPrintable', from: '@parley/protocol' }],
    ]),
    typeImports: {
      '@parley/protocol': [
        'ApiError',
        'AppInfo',
        'AttachmentSettings',
        'CallToVisitorFrame',
        'Appearance',
        'CustomParamsPatch',
        'EventTrack',
        'FilterDeviceType',
        'Greeting',
        'Identity',
        'Locale',
        'OfflineFormSettings',
        'PageFilter',
        'PreChatSettings',
        'Schedule',
        'ServerFrame',
        'UploadedFile',
        'VisitorRequestDetail',
        'VisitorRequestsResponse',
        'WidgetConfigResponse',
      ],
      '../core/goals': ['GoalTargets'],
      '../core/config-types': ['ChatParts', 'LauncherConfig'],
      '../types': ['WidgetEventName'],
      '../session/history-cache': ['HistoryCache'],
    },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, source] of Object.entries(widgetValidatorsSources())) {
    writeFileSync(OUT_DIR + file, source);
    console.log(`wrote ${OUT_DIR}${file}`);
  }
}
