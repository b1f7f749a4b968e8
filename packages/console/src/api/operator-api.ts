import {
  DialogDetailSchema,
  DialogListResponseSchema,
  DialogResponseSchema,
  LeadListResponseSchema,
  LeadResponseSchema,
  MessageResponseSchema,
  NoteResponseSchema,
  OperatorListResponseSchema,
  OperatorResponseSchema,
  ProjectInfoSchema,
  TemplateListResponseSchema,
  TemplateResponseSchema,
  TimelineSchema,
  GroupListResponseSchema,
  GroupResponseSchema,
  TagListResponseSchema,
  BlockedVisitorsResponseSchema,
  SessionResponseSchema,
  EraseResponseSchema,
  ProjectStorageResponseSchema,
  DialogEmailSchema,
  QueuedResponseSchema,
  TestEmailResponseSchema,
  ProjectListResponseSchema,
  ProjectResponseSchema,
  ResetRequestResponseSchema,
  SetupResponseSchema,
  SetupStatusSchema,
  SetupRoutes,
  ChannelRoutes,
  ChannelsResponseSchema,
  ChannelTestResponseSchema,
  DialogChannelsResponseSchema,
  type Channel,
  type Locale,
  type TelegramSettings,
  type WhatsAppSettings,
  OperatorRoutes,
  type CloseStatus,
  type DialogListQuery,
  type OperatorPrefs,
  type OperatorStatus,
  type ProjectSettings,
  type Role,
} from '@parley/protocol';
import type { Http } from './http';
import { integrationsApi } from './integrations-api';
import { helpApi } from './help-api';

export interface DialogListParams {
  view: DialogListQuery['view'];
  q?: string;
  from?: number;
  to?: number;
  rating?: number;
  tag?: string;
  operatorId?: string;
  name?: string;
  email?: string;
  phone?: string;
  groupId?: string;
  closeStatus?: CloseStatus;
  channel?: Channel;
  cursor?: string;
  limit?: number;
}

export interface OperatorCreate {
  email: string;
  name: string;
  /** Not needed to add someone who already has an account (they keep their password). */
  password?: string | undefined;
  role: Exclude<Role, 'owner'>;
  groupIds?: string[];
  maxChats?: number | null;
}
export interface OperatorPatch {
  name?: string;
  role?: Exclude<Role, 'owner'>;
  password?: string;
  email?: string;
  /** The workspace owner only: names (or un-names) a workspace admin. */
  workspaceAdmin?: boolean;
  groupIds?: string[];
  maxChats?: number | null;
}

/** Every call of the documented operator API (protocol OperatorRoutes), answers validated with protocol's schemas. */
export function createOperatorApi(http: Http) {
  return {
    ...integrationsApi(http),
    ...helpApi(http),
    login: (email: string, password: string) => http.call('POST', OperatorRoutes.login, { email, password }, OperatorResponseSchema).then((r) => r.operator),
    logout: () => http.fire('POST', OperatorRoutes.logout),
    me: () => http.get(OperatorRoutes.me, OperatorResponseSchema).then((r) => r.operator),
    /** Who is signed in, or null: answers 200 either way, so a first visit logs no error. */
    session: () => http.get(OperatorRoutes.session, SessionResponseSchema).then((r) => r.operator),
    updateMe: (patch: {
      name?: string;
      status?: OperatorStatus;
      password?: { current: string; next: string };
      prefs?: Partial<OperatorPrefs>;
      email?: string;
      currentPassword?: string;
    }) => http.call('PATCH', OperatorRoutes.me, patch, OperatorResponseSchema).then((r) => r.operator),
    uploadAvatar: (file: Blob) =>
      http
        .raw('POST', OperatorRoutes.myAvatar, file, { 'content-type': file.type || 'application/octet-stream' }, OperatorResponseSchema)
        .then((r) => r.operator),

    operators: () => http.get(OperatorRoutes.operators, OperatorListResponseSchema).then((r) => r.operators),
    createOperator: (body: OperatorCreate) => http.call('POST', OperatorRoutes.operators, body, OperatorResponseSchema).then((r) => r.operator),
    uploadOperatorAvatar: (id: string, file: Blob) =>
      http
        .raw('POST', OperatorRoutes.operatorAvatar(id), file, { 'content-type': file.type || 'application/octet-stream' }, OperatorResponseSchema)
        .then((r) => r.operator),
    updateOperator: (id: string, patch: OperatorPatch) =>
      http.call('PATCH', OperatorRoutes.operator(id), patch, OperatorResponseSchema).then((r) => r.operator),
    removeOperator: (id: string) => http.fire('DELETE', OperatorRoutes.operator(id)),

    dialogs: (p: DialogListParams) => http.get(OperatorRoutes.dialogs, DialogListResponseSchema, { ...p }),
    dialog: (id: string) => http.get(OperatorRoutes.dialog(id), DialogDetailSchema),
    eraseVisitor: (visitorId: string) => http.call('POST', OperatorRoutes.visitorErase(visitorId), {}, EraseResponseSchema).then((r) => r.erased),
    timeline: (id: string, before?: number) => http.get(OperatorRoutes.timeline(id), TimelineSchema, { before }),
    take: (id: string) => http.call('POST', OperatorRoutes.take(id), {}, DialogResponseSchema).then((r) => r.dialog),
    assign: (id: string, operatorId: string) => http.call('POST', OperatorRoutes.assign(id), { operatorId }, DialogResponseSchema).then((r) => r.dialog),
    /** via 'email': also mailed to the visitor at once (409 when they cannot be mailed). */
    send: (id: string, body: { clientId: string; text: string; attachments: string[]; via?: 'chat' | 'email' }) =>
      http.call('POST', OperatorRoutes.messages(id), body, MessageResponseSchema).then((r) => r.message),
    dialogEmail: (id: string) => http.get(OperatorRoutes.dialogEmail(id), DialogEmailSchema),
    transcript: (id: string, to?: string) => http.call('POST', OperatorRoutes.transcript(id), to ? { to } : {}, QueuedResponseSchema),
    testEmail: (to?: string) => http.call('POST', OperatorRoutes.testEmail, to ? { to } : {}, TestEmailResponseSchema),
    editMessage: (id: string, messageId: string, text: string) =>
      http.call('PATCH', OperatorRoutes.message(id, messageId), { text }, MessageResponseSchema).then((r) => r.message),
    deleteMessage: (id: string, messageId: string) =>
      http.call('DELETE', OperatorRoutes.message(id, messageId), undefined, MessageResponseSchema).then((r) => r.message),
    addNote: (id: string, text: string) => http.call('POST', OperatorRoutes.notes(id), { text }, NoteResponseSchema).then((r) => r.note),
    close: (id: string, status: CloseStatus) => http.call('POST', OperatorRoutes.close(id), { status }, DialogResponseSchema).then((r) => r.dialog),
    reopen: (id: string) => http.call('POST', OperatorRoutes.reopen(id), {}, DialogResponseSchema).then((r) => r.dialog),
    setWaiting: (id: string, waiting: boolean) => http.call('POST', OperatorRoutes.waiting(id), { waiting }, DialogResponseSchema).then((r) => r.dialog),
    setTags: (id: string, tags: string[]) => http.call('PUT', OperatorRoutes.tags(id), { tags }, DialogResponseSchema).then((r) => r.dialog),
    updateVisitor: (id: string, patch: { name?: string | null; email?: string | null; phone?: string | null; note?: string | null }) =>
      http.call('PATCH', OperatorRoutes.visitor(id), patch, DialogDetailSchema),
    setBlocked: (id: string, blocked: boolean) => http.call('PUT', OperatorRoutes.block(id), { blocked }, DialogDetailSchema),
    blockedVisitors: () => http.get(OperatorRoutes.blocked, BlockedVisitorsResponseSchema).then((r) => r.visitors),
    unblock: (visitorId: string) => http.fire('DELETE', OperatorRoutes.blockedVisitor(visitorId)),
    groups: () => http.get(OperatorRoutes.groups, GroupListResponseSchema).then((r) => r.groups),
    createGroup: (body: { name: string; operatorIds: string[] }) => http.call('POST', OperatorRoutes.groups, body, GroupResponseSchema).then((r) => r.group),
    updateGroup: (id: string, body: { name: string; operatorIds: string[] }) =>
      http.call('PATCH', OperatorRoutes.group(id), body, GroupResponseSchema).then((r) => r.group),
    removeGroup: (id: string) => http.fire('DELETE', OperatorRoutes.group(id)),
    tagDefs: () => http.get(OperatorRoutes.tagDefs, TagListResponseSchema).then((r) => r.tags),
    putTagDef: (name: string, color: string) => http.call('PUT', OperatorRoutes.tagDef(name), { name, color }, TagListResponseSchema).then((r) => r.tags),
    removeTagDef: (name: string) => http.call('DELETE', OperatorRoutes.tagDef(name), undefined, TagListResponseSchema).then((r) => r.tags),
    markRead: (id: string, seq: number) => http.call('POST', OperatorRoutes.read(id), { seq }, DialogResponseSchema).then((r) => r.dialog),

    templates: (q?: string) => http.get(OperatorRoutes.templates, TemplateListResponseSchema, { q }).then((r) => r.templates),
    createTemplate: (body: { title: string; text: string; shortcut: string | null }) =>
      http.call('POST', OperatorRoutes.templates, body, TemplateResponseSchema).then((r) => r.template),
    updateTemplate: (id: string, body: { title: string; text: string; shortcut: string | null }) =>
      http.call('PATCH', OperatorRoutes.template(id), body, TemplateResponseSchema).then((r) => r.template),
    removeTemplate: (id: string) => http.fire('DELETE', OperatorRoutes.template(id)),

    project: () => http.get(OperatorRoutes.project, ProjectInfoSchema),
    updateProject: (patch: { name?: string; settings?: Partial<ProjectSettings> }) => http.call('PATCH', OperatorRoutes.project, patch, ProjectInfoSchema),
    channels: () => http.get(ChannelRoutes.settings, ChannelsResponseSchema),
    saveTelegram: (s: TelegramSettings) => http.call('PUT', ChannelRoutes.telegram, s, ChannelsResponseSchema),
    removeTelegram: () => http.call('DELETE', ChannelRoutes.telegram, undefined, ChannelsResponseSchema),
    saveWhatsApp: (s: WhatsAppSettings) => http.call('PUT', ChannelRoutes.whatsapp, s, ChannelsResponseSchema),
    removeWhatsApp: () => http.call('DELETE', ChannelRoutes.whatsapp, undefined, ChannelsResponseSchema),
    testChannel: (kind: 'telegram' | 'whatsapp') => http.call('POST', ChannelRoutes.test(kind), undefined, ChannelTestResponseSchema),
    dialogChannels: (dialogId: string) => http.get(ChannelRoutes.dialogChannels(dialogId), DialogChannelsResponseSchema).then((r) => r.channels),
    setDialogLanguage: (dialogId: string, locale: Locale) =>
      http.call('PUT', ChannelRoutes.dialogChannels(dialogId), { locale }, DialogChannelsResponseSchema).then((r) => r.channels),
    verifyDialog: (dialogId: string, userId: string) =>
      http.call('POST', ChannelRoutes.verify(dialogId), { userId }, DialogResponseSchema).then((r) => r.dialog),
    /** previousExpiresAt: when the old secret stops verifying on its own (null: when revoked). */
    rotateSecret: (previousExpiresAt: number | null = null) => http.call('POST', OperatorRoutes.rotateSecret, { previousExpiresAt }, ProjectInfoSchema),
    revokeSecret: (id: string) => http.call('DELETE', OperatorRoutes.secret(id), undefined, ProjectInfoSchema),

    projects: () => http.get(OperatorRoutes.projects, ProjectListResponseSchema).then((r) => r.projects),
    createProject: (name: string, locale: Locale) => http.call('POST', OperatorRoutes.projects, { name, locale }, ProjectResponseSchema).then((r) => r.project),
    renameProject: (id: string, name: string) =>
      http.call('PATCH', OperatorRoutes.workspaceProject(id), { name }, ProjectResponseSchema).then((r) => r.project),
    deleteProject: (id: string) => http.fire('DELETE', OperatorRoutes.workspaceProject(id)),

    resetRequest: (email: string) => http.call('POST', OperatorRoutes.resetRequest, { email }, ResetRequestResponseSchema),
    resetPassword: (token: string, password: string) => http.fire('POST', OperatorRoutes.reset, { token, password }),
    setupStatus: () => http.get(SetupRoutes.setup, SetupStatusSchema),
    setup: (body: { token: string; email: string; name: string; password: string; projectName: string; locale: Locale }) =>
      http.call('POST', SetupRoutes.setup, body, SetupResponseSchema),
    storage: () => http.get(OperatorRoutes.storage, ProjectStorageResponseSchema).then((r) => r.storage),

    leads: (q: { kind?: 'offline_form' | 'callback'; status?: 'new' | 'done' } = {}) =>
      http.get(OperatorRoutes.leads, LeadListResponseSchema, q).then((r) => r.leads),
    updateLead: (id: string, status: 'new' | 'done') => http.call('PATCH', OperatorRoutes.lead(id), { status }, LeadResponseSchema).then((r) => r.lead),
  };
}
export type OperatorApi = ReturnType<typeof createOperatorApi>;
