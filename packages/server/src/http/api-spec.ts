import * as v from 'valibot';
import {
  ApiErrorSchema, AssignBodySchema, CallbackRequestSchema, CallbackResponseSchema, CloseBodySchema, CreateOperatorBodySchema,
  DialogDetailSchema, DialogListQuerySchema, DialogListResponseSchema, DialogResponseSchema, EditMessageBodySchema, FileRoutes,
  LeadListQuerySchema, LeadListResponseSchema, LeadResponseSchema, LoginBodySchema, MessageResponseSchema, NoteBodySchema,
  NoteResponseSchema, OperatorListResponseSchema, OperatorResponseSchema, OperatorRoutes, ProjectInfoSchema, PublicConfigSchema,
  ReadBodySchema, SendMessageBodySchema, TagsBodySchema, TemplateBodySchema, TemplateListResponseSchema, TemplateQuerySchema,
  TemplateResponseSchema, TimelineQuerySchema, TimelineSchema, UpdateLeadBodySchema, UpdateMeBodySchema, UpdateOperatorBodySchema,
  UpdateProjectBodySchema, UploadResponseSchema, WidgetRoutes, DocRoutes, DemoRoutes, DemoSignBodySchema, DemoSignResponseSchema,
  CreateProjectBodySchema, ProjectListResponseSchema, ProjectResponseSchema, RenameProjectBodySchema, RotateSecretBodySchema,
  SessionResponseSchema, UpdateVisitorBodySchema, BlockBodySchema, BlockedVisitorsResponseSchema, GroupBodySchema, GroupListResponseSchema,
  GroupResponseSchema, TagDefBodySchema, TagListResponseSchema,
  ResetRequestBodySchema, ResetRequestResponseSchema, ResetPasswordBodySchema, SetupRoutes, SetupBodySchema, SetupStatusSchema,
  SetupResponseSchema, OpsRoutes, HealthSchema,
} from '@parley/protocol';
import type { RouteSpec } from './route-spec';

const E = 'ApiError';

/**
 * Every route of the server: the router registers each one from its entry (auth, role and project
 * scope as pre-handlers, input parsed with these schemas) and the OpenAPI document is generated
 * from the same entries, so the two cannot drift and no route can skip its project scope.
 */
export const ROUTES = {
  widgetConfig: { method: 'get', path: WidgetRoutes.configPattern, summary: 'Public project config (ETag; 304 on If-None-Match; CORS *)', auth: 'none', scope: 'path', cors: true, tag: 'widget', responses: { 200: PublicConfigSchema, 304: 'Not modified', 404: E } },
  widgetSocket: { method: 'get', path: WidgetRoutes.socket, summary: 'Visitor WebSocket (protocol frames; first frame session.hello)', auth: 'none', tag: 'widget', websocket: true, responses: { 101: 'Switching protocols', 429: E } },
  widgetUpload: { method: 'post', path: WidgetRoutes.uploads, summary: 'Upload one file as a visitor (raw body; Content-Type, X-Parley-File-Name, X-Parley-Project)', auth: 'visitor', cors: true, tag: 'widget', raw: 'The file bytes. The real type is detected from the content.', responses: { 201: UploadResponseSchema, 401: E, 403: E, 413: E, 415: E, 429: E } },
  widgetCallback: { method: 'post', path: WidgetRoutes.callbackPattern, summary: 'Callback request (idempotent by clientId; CORS *)', auth: 'none', scope: 'path', cors: true, tag: 'widget', body: CallbackRequestSchema, responses: { 201: CallbackResponseSchema, 200: CallbackResponseSchema, 400: E, 404: E, 429: E } },
  fileDownload: { method: 'get', path: FileRoutes.downloadPattern, summary: 'Download a file (party-bound signed link, visitor bearer token, or operator session)', auth: 'party', cors: true, tag: 'files', responses: { 200: 'The file, always as an attachment', 404: E } },
  avatar: { method: 'get', path: FileRoutes.avatarPattern, summary: 'Operator avatar (public image)', auth: 'none', tag: 'files', responses: { 200: 'PNG or JPEG image', 404: E } },
  login: { method: 'post', path: OperatorRoutes.login, summary: 'Sign in with email and password; sets the httpOnly session cookie', auth: 'none', tag: 'operator', body: LoginBodySchema, responses: { 200: OperatorResponseSchema, 400: E, 401: E, 429: E } },
  resetRequest: { method: 'post', path: OperatorRoutes.resetRequest, summary: 'Forgotten password: a one-time link by email when this server sends mail (the answer never says whether the address has an account)', auth: 'none', tag: 'operator', body: ResetRequestBodySchema, responses: { 202: ResetRequestResponseSchema, 400: E, 429: E } },
  resetPassword: { method: 'post', path: OperatorRoutes.reset, summary: 'Set a new password with the token of a one-time link (every session of the account ends)', auth: 'none', tag: 'operator', body: ResetPasswordBodySchema, responses: { 204: 'Password set', 400: E, 403: E, 429: E } },
  logout: { method: 'post', path: OperatorRoutes.logout, summary: 'Sign out (ends this session)', auth: 'operator', scope: 'account', tag: 'operator', responses: { 204: 'Signed out', 401: E } },
  session: { method: 'get', path: OperatorRoutes.session, summary: 'Who is signed in: { operator } or { operator: null } (never 401, so a first visit logs no error)', auth: 'none', tag: 'operator', responses: { 200: SessionResponseSchema } },
  me: { method: 'get', path: OperatorRoutes.me, summary: 'The signed-in operator (role: in the named project, else the first one)', auth: 'operator', scope: 'account', tag: 'operator', responses: { 200: OperatorResponseSchema, 401: E } },
  updateMe: { method: 'patch', path: OperatorRoutes.me, summary: 'Change own name, online/offline status, email or password (email and password need the current password)', auth: 'operator', scope: 'account', tag: 'operator', body: UpdateMeBodySchema, responses: { 200: OperatorResponseSchema, 400: E, 401: E, 409: E } },
  myAvatar: { method: 'post', path: OperatorRoutes.myAvatar, summary: 'Set own avatar (raw PNG/JPG body, square, 200..1500 px)', auth: 'operator', scope: 'account', tag: 'operator', raw: 'PNG or JPEG bytes', responses: { 200: OperatorResponseSchema, 400: E, 413: E } },
  projects: { method: 'get', path: OperatorRoutes.projects, summary: 'My projects, with my role and unread count in each', auth: 'operator', scope: 'account', tag: 'workspace', responses: { 200: ProjectListResponseSchema, 401: E } },
  createProject: { method: 'post', path: OperatorRoutes.projects, summary: 'Create a project (its id is an unguessable slug)', auth: 'operator', scope: 'account', role: 'workspaceAdmin', tag: 'workspace', body: CreateProjectBodySchema, responses: { 201: ProjectResponseSchema, 400: E, 403: E } },
  renameProject: { method: 'patch', path: OperatorRoutes.workspaceProjectPattern, summary: 'Rename a project', auth: 'operator', scope: 'account', role: 'workspaceAdmin', tag: 'workspace', body: RenameProjectBodySchema, responses: { 200: ProjectResponseSchema, 400: E, 403: E, 404: E } },
  deleteProject: { method: 'delete', path: OperatorRoutes.workspaceProjectPattern, summary: 'Delete a project and everything in it (dialogs, visitors, files, templates, leads)', auth: 'operator', scope: 'account', role: 'workspaceAdmin', tag: 'workspace', responses: { 204: 'Deleted', 403: E, 404: E } },
  operators: { method: 'get', path: OperatorRoutes.operators, summary: 'Operators of the project', auth: 'operator', scope: 'project', tag: 'operator', responses: { 200: OperatorListResponseSchema, 401: E } },
  createOperator: { method: 'post', path: OperatorRoutes.operators, summary: 'Add an operator (admins add operators; only the owner adds admins)', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', body: CreateOperatorBodySchema, responses: { 201: OperatorResponseSchema, 400: E, 403: E, 409: E } },
  updateOperator: { method: 'patch', path: OperatorRoutes.operatorPattern, summary: 'Change an operator (name, role, password)', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', body: UpdateOperatorBodySchema, responses: { 200: OperatorResponseSchema, 400: E, 403: E, 404: E } },
  operatorAvatar: { method: 'post', path: OperatorRoutes.operatorAvatarPattern, summary: "Set an operator's avatar (admins; raw PNG/JPG body, square, 200..1500 px)", auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', raw: 'PNG or JPEG bytes', responses: { 200: OperatorResponseSchema, 400: E, 403: E, 404: E, 413: E } },
  updateVisitor: { method: 'patch', path: OperatorRoutes.visitorPattern, summary: "Edit the dialog's visitor card: name, email, phone, operators' note (null clears)", auth: 'operator', scope: 'project', tag: 'operator', body: UpdateVisitorBodySchema, responses: { 200: DialogDetailSchema, 400: E, 403: E, 404: E } },
  blockVisitor: { method: 'put', path: OperatorRoutes.blockPattern, summary: "Block or unblock the dialog's visitor (a blocked visitor's messages are refused with a neutral text)", auth: 'operator', scope: 'project', tag: 'operator', body: BlockBodySchema, responses: { 200: DialogDetailSchema, 400: E, 403: E, 404: E } },
  blockedVisitors: { method: 'get', path: OperatorRoutes.blocked, summary: 'Blocked visitors of the project', auth: 'operator', scope: 'project', tag: 'operator', responses: { 200: BlockedVisitorsResponseSchema } },
  unblockVisitor: { method: 'delete', path: OperatorRoutes.blockedVisitorPattern, summary: 'Unblock a visitor', auth: 'operator', scope: 'project', tag: 'operator', responses: { 204: 'Unblocked', 404: E } },
  groups: { method: 'get', path: OperatorRoutes.groups, summary: 'Groups (departments) of the project, with their operators', auth: 'operator', scope: 'project', tag: 'operator', responses: { 200: GroupListResponseSchema } },
  createGroup: { method: 'post', path: OperatorRoutes.groups, summary: 'Add a group', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', body: GroupBodySchema, responses: { 201: GroupResponseSchema, 400: E, 403: E, 409: E } },
  updateGroup: { method: 'patch', path: OperatorRoutes.groupPattern, summary: 'Rename a group or change its operators', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', body: GroupBodySchema, responses: { 200: GroupResponseSchema, 400: E, 403: E, 404: E, 409: E } },
  removeGroup: { method: 'delete', path: OperatorRoutes.groupPattern, summary: 'Delete a group (its dialogs keep no group)', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', responses: { 204: 'Deleted', 403: E, 404: E } },
  tagDefs: { method: 'get', path: OperatorRoutes.tagDefs, summary: "The project's managed tag list with colours", auth: 'operator', scope: 'project', tag: 'operator', responses: { 200: TagListResponseSchema } },
  putTagDef: { method: 'put', path: OperatorRoutes.tagDefPattern, summary: 'Add a tag to the list, or change its colour', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', body: TagDefBodySchema, responses: { 200: TagListResponseSchema, 400: E, 403: E } },
  removeTagDef: { method: 'delete', path: OperatorRoutes.tagDefPattern, summary: 'Remove a tag from the list', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', responses: { 200: TagListResponseSchema, 403: E, 404: E } },
  removeOperator: { method: 'delete', path: OperatorRoutes.operatorPattern, summary: 'Remove an operator', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', responses: { 204: 'Removed', 403: E, 404: E } },
  dialogs: { method: 'get', path: OperatorRoutes.dialogs, summary: 'Dialog queue: view=new|mine|all|resolved, search q, filters, cursor pagination', auth: 'operator', scope: 'project', tag: 'operator', query: DialogListQuerySchema, responses: { 200: DialogListResponseSchema, 400: E, 403: E } },
  dialog: { method: 'get', path: OperatorRoutes.dialogPattern, summary: 'Dialog detail: visitor card, custom params, pages, devices, previous dialogs (verified visitors)', auth: 'operator', scope: 'project', tag: 'operator', responses: { 200: DialogDetailSchema, 403: E, 404: E } },
  timeline: { method: 'get', path: OperatorRoutes.timelinePattern, summary: 'Messages (with device per message), notes and events; page with ?before=seq', auth: 'operator', scope: 'project', tag: 'operator', query: TimelineQuerySchema, responses: { 200: TimelineSchema, 403: E, 404: E } },
  take: { method: 'post', path: OperatorRoutes.takePattern, summary: 'Take a dialog', auth: 'operator', scope: 'project', tag: 'operator', responses: { 200: DialogResponseSchema, 403: E, 404: E, 409: E } },
  assign: { method: 'post', path: OperatorRoutes.assignPattern, summary: 'Assign a dialog to an operator (admins)', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', body: AssignBodySchema, responses: { 200: DialogResponseSchema, 400: E, 403: E, 404: E } },
  reply: { method: 'post', path: OperatorRoutes.messagesPattern, summary: 'Reply (idempotent by clientId; takes an unassigned dialog)', auth: 'operator', scope: 'project', tag: 'operator', body: SendMessageBodySchema, responses: { 201: MessageResponseSchema, 200: MessageResponseSchema, 400: E, 403: E, 404: E, 409: E, 429: E } },
  editMessage: { method: 'patch', path: OperatorRoutes.messagePattern, summary: 'Edit own message (every visitor device sees the change)', auth: 'operator', scope: 'project', tag: 'operator', body: EditMessageBodySchema, responses: { 200: MessageResponseSchema, 403: E, 404: E, 409: E } },
  deleteMessage: { method: 'delete', path: OperatorRoutes.messagePattern, summary: 'Delete own message (every visitor device sees the change)', auth: 'operator', scope: 'project', tag: 'operator', responses: { 200: MessageResponseSchema, 403: E, 404: E, 409: E } },
  addNote: { method: 'post', path: OperatorRoutes.notesPattern, summary: 'Internal note (never sent to the visitor)', auth: 'operator', scope: 'project', tag: 'operator', body: NoteBodySchema, responses: { 201: NoteResponseSchema, 400: E, 403: E, 404: E } },
  close: { method: 'post', path: OperatorRoutes.closePattern, summary: 'Close with a status', auth: 'operator', scope: 'project', tag: 'operator', body: CloseBodySchema, responses: { 200: DialogResponseSchema, 400: E, 403: E, 404: E, 409: E } },
  reopen: { method: 'post', path: OperatorRoutes.reopenPattern, summary: 'Reopen a closed dialog', auth: 'operator', scope: 'project', tag: 'operator', responses: { 200: DialogResponseSchema, 403: E, 404: E, 409: E } },
  setTags: { method: 'put', path: OperatorRoutes.tagsPattern, summary: 'Replace the tags', auth: 'operator', scope: 'project', tag: 'operator', body: TagsBodySchema, responses: { 200: DialogResponseSchema, 400: E, 403: E, 404: E } },
  markRead: { method: 'post', path: OperatorRoutes.readPattern, summary: 'Mark visitor messages read up to seq (the visitor gets read.update)', auth: 'operator', scope: 'project', tag: 'operator', body: ReadBodySchema, responses: { 200: DialogResponseSchema, 400: E, 403: E, 404: E } },
  templates: { method: 'get', path: OperatorRoutes.templates, summary: 'Reply templates; ?q= searches titles and texts', auth: 'operator', scope: 'project', tag: 'operator', query: TemplateQuerySchema, responses: { 200: TemplateListResponseSchema } },
  createTemplate: { method: 'post', path: OperatorRoutes.templates, summary: 'Add a template', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', body: TemplateBodySchema, responses: { 201: TemplateResponseSchema, 400: E, 403: E } },
  updateTemplate: { method: 'patch', path: OperatorRoutes.templatePattern, summary: 'Change a template', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', body: v.partial(TemplateBodySchema), responses: { 200: TemplateResponseSchema, 400: E, 403: E, 404: E } },
  removeTemplate: { method: 'delete', path: OperatorRoutes.templatePattern, summary: 'Delete a template', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', responses: { 204: 'Deleted', 403: E, 404: E } },
  project: { method: 'get', path: OperatorRoutes.project, summary: 'Project settings (the secret for owners and admins only)', auth: 'operator', scope: 'project', tag: 'operator', responses: { 200: ProjectInfoSchema } },
  updateProject: { method: 'patch', path: OperatorRoutes.project, summary: 'Change project settings (nested objects are replaced whole; unknown fields are refused)', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', body: UpdateProjectBodySchema, responses: { 200: ProjectInfoSchema, 400: E, 403: E } },
  rotateSecret: { method: 'post', path: OperatorRoutes.rotateSecret, summary: 'Rotate the identity secret: a new current secret; the previous one keeps verifying until revoked (or previousExpiresAt)', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', body: RotateSecretBodySchema, responses: { 200: ProjectInfoSchema, 400: E, 403: E } },
  revokeSecret: { method: 'delete', path: OperatorRoutes.secretPattern, summary: 'Revoke the previous identity secret (signatures made with it stop verifying; the current one cannot be revoked)', auth: 'operator', scope: 'project', role: 'admin', tag: 'operator', responses: { 200: ProjectInfoSchema, 403: E, 404: E, 409: E } },
  leads: { method: 'get', path: OperatorRoutes.leads, summary: 'Offline form submissions and callback requests', auth: 'operator', scope: 'project', tag: 'operator', query: LeadListQuerySchema, responses: { 200: LeadListResponseSchema } },
  updateLead: { method: 'patch', path: OperatorRoutes.leadPattern, summary: 'Mark a lead new or done', auth: 'operator', scope: 'project', tag: 'operator', body: UpdateLeadBodySchema, responses: { 200: LeadResponseSchema, 400: E, 404: E } },
  operatorUpload: { method: 'post', path: OperatorRoutes.uploads, summary: 'Upload one file as an operator (raw body, as for visitors)', auth: 'operator', scope: 'project', tag: 'operator', raw: 'The file bytes', responses: { 201: UploadResponseSchema, 413: E, 415: E } },
  operatorSocket: { method: 'get', path: OperatorRoutes.socket, summary: 'Operator WebSocket (operator frames)', auth: 'operator', scope: 'project', tag: 'operator', websocket: true, responses: { 101: 'Switching protocols', 401: E } },
  setupStatus: { method: 'get', path: SetupRoutes.setup, summary: 'Whether this server still needs its first setup (no owner yet)', auth: 'none', tag: 'setup', responses: { 200: SetupStatusSchema } },
  setup: { method: 'post', path: SetupRoutes.setup, summary: 'First run: the owner and the first project, with the token of the one-time setup link; signs the owner in', auth: 'none', tag: 'setup', body: SetupBodySchema, responses: { 201: SetupResponseSchema, 400: E, 403: E, 409: E, 429: E } },
  healthz: { method: 'get', path: OpsRoutes.healthz, summary: 'Liveness: the process answers', auth: 'none', tag: 'ops', responses: { 200: HealthSchema } },
  readyz: { method: 'get', path: OpsRoutes.readyz, summary: 'Readiness: the database answers and is migrated; 503 while draining for a shutdown', auth: 'none', tag: 'ops', responses: { 200: HealthSchema, 503: HealthSchema } },
  metrics: { method: 'get', path: OpsRoutes.metrics, summary: 'Prometheus metrics (off unless a token is configured: Authorization: Bearer <PARLEY_METRICS_TOKEN>)', auth: 'metrics', tag: 'ops', responses: { 200: 'Prometheus text format', 401: E, 404: E } },
  openapi: { method: 'get', path: DocRoutes.openapi, summary: 'This document', auth: 'none', cors: true, tag: 'docs', responses: { 200: 'OpenAPI 3.1 JSON' } },
  demoSign: { method: 'post', path: DemoRoutes.sign, summary: 'Demo mode only: sign a user id for the example pages, as a site back end would', auth: 'none', tag: 'demo', demo: true, body: DemoSignBodySchema, responses: { 200: DemoSignResponseSchema, 400: E } },
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof ROUTES;
export type RouteName = keyof Routes;

export { ApiErrorSchema };
