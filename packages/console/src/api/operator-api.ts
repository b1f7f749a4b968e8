import {
  DialogDetailSchema, DialogListResponseSchema, DialogResponseSchema, LeadListResponseSchema, LeadResponseSchema,
  MessageResponseSchema, NoteResponseSchema, OperatorListResponseSchema, OperatorResponseSchema, ProjectInfoSchema,
  TemplateListResponseSchema, TemplateResponseSchema, TimelineSchema,
  OperatorRoutes, type CloseStatus, type DialogListQuery, type OperatorStatus, type ProjectSettings, type Role,
} from '@parley/protocol';
import type { Http } from './http';

export interface DialogListParams {
  view: DialogListQuery['view'];
  q?: string;
  from?: number;
  to?: number;
  rating?: number;
  tag?: string;
  operatorId?: string;
  cursor?: string;
  limit?: number;
}

/** Every call of the documented operator API (protocol OperatorRoutes), answers validated with protocol's schemas. */
export function createOperatorApi(http: Http) {
  return {
    login: (email: string, password: string) => http.call('POST', OperatorRoutes.login, { email, password }, OperatorResponseSchema).then((r) => r.operator),
    logout: () => http.fire('POST', OperatorRoutes.logout),
    me: () => http.get(OperatorRoutes.me, OperatorResponseSchema).then((r) => r.operator),
    updateMe: (patch: { name?: string; status?: OperatorStatus; password?: { current: string; next: string } }) =>
      http.call('PATCH', OperatorRoutes.me, patch, OperatorResponseSchema).then((r) => r.operator),
    uploadAvatar: (file: Blob) =>
      http.raw('POST', OperatorRoutes.myAvatar, file, { 'content-type': file.type || 'application/octet-stream' }, OperatorResponseSchema).then((r) => r.operator),

    operators: () => http.get(OperatorRoutes.operators, OperatorListResponseSchema).then((r) => r.operators),
    createOperator: (body: { email: string; name: string; password?: string | undefined; role: Exclude<Role, 'owner'> }) =>
      http.call('POST', OperatorRoutes.operators, body, OperatorResponseSchema).then((r) => r.operator),
    updateOperator: (id: string, patch: { name?: string; role?: Exclude<Role, 'owner'>; password?: string }) =>
      http.call('PATCH', OperatorRoutes.operator(id), patch, OperatorResponseSchema).then((r) => r.operator),
    removeOperator: (id: string) => http.fire('DELETE', OperatorRoutes.operator(id)),

    dialogs: (p: DialogListParams) => http.get(OperatorRoutes.dialogs, DialogListResponseSchema, { ...p }),
    dialog: (id: string) => http.get(OperatorRoutes.dialog(id), DialogDetailSchema),
    timeline: (id: string, before?: number) => http.get(OperatorRoutes.timeline(id), TimelineSchema, { before }),
    take: (id: string) => http.call('POST', OperatorRoutes.take(id), {}, DialogResponseSchema).then((r) => r.dialog),
    assign: (id: string, operatorId: string) => http.call('POST', OperatorRoutes.assign(id), { operatorId }, DialogResponseSchema).then((r) => r.dialog),
    send: (id: string, body: { clientId: string; text: string; attachments: string[] }) =>
      http.call('POST', OperatorRoutes.messages(id), body, MessageResponseSchema).then((r) => r.message),
    editMessage: (id: string, messageId: string, text: string) =>
      http.call('PATCH', OperatorRoutes.message(id, messageId), { text }, MessageResponseSchema).then((r) => r.message),
    deleteMessage: (id: string, messageId: string) =>
      http.call('DELETE', OperatorRoutes.message(id, messageId), undefined, MessageResponseSchema).then((r) => r.message),
    addNote: (id: string, text: string) => http.call('POST', OperatorRoutes.notes(id), { text }, NoteResponseSchema).then((r) => r.note),
    close: (id: string, status: CloseStatus) => http.call('POST', OperatorRoutes.close(id), { status }, DialogResponseSchema).then((r) => r.dialog),
    reopen: (id: string) => http.call('POST', OperatorRoutes.reopen(id), {}, DialogResponseSchema).then((r) => r.dialog),
    setTags: (id: string, tags: string[]) => http.call('PUT', OperatorRoutes.tags(id), { tags }, DialogResponseSchema).then((r) => r.dialog),
    markRead: (id: string, seq: number) => http.call('POST', OperatorRoutes.read(id), { seq }, DialogResponseSchema).then((r) => r.dialog),

    templates: (q?: string) => http.get(OperatorRoutes.templates, TemplateListResponseSchema, { q }).then((r) => r.templates),
    createTemplate: (body: { title: string; text: string; shortcut: string | null }) =>
      http.call('POST', OperatorRoutes.templates, body, TemplateResponseSchema).then((r) => r.template),
    updateTemplate: (id: string, body: { title: string; text: string; shortcut: string | null }) =>
      http.call('PATCH', OperatorRoutes.template(id), body, TemplateResponseSchema).then((r) => r.template),
    removeTemplate: (id: string) => http.fire('DELETE', OperatorRoutes.template(id)),

    project: () => http.get(OperatorRoutes.project, ProjectInfoSchema),
    updateProject: (patch: { name?: string; settings?: Partial<ProjectSettings> }) =>
      http.call('PATCH', OperatorRoutes.project, patch, ProjectInfoSchema),
    rotateSecret: () => http.call('POST', OperatorRoutes.rotateSecret, {}, ProjectInfoSchema),

    leads: (q: { kind?: 'offline_form' | 'callback'; status?: 'new' | 'done' } = {}) =>
      http.get(OperatorRoutes.leads, LeadListResponseSchema, q).then((r) => r.leads),
    updateLead: (id: string, status: 'new' | 'done') => http.call('PATCH', OperatorRoutes.lead(id), { status }, LeadResponseSchema).then((r) => r.lead),
  };
}
export type OperatorApi = ReturnType<typeof createOperatorApi>;
