import * as v from 'valibot';
import {
  ApiErrorSchema, AssignBodySchema, CallbackRequestSchema, CallbackResponseSchema, CloseBodySchema, CreateOperatorBodySchema,
  DialogDetailSchema, DialogListQuerySchema, DialogListResponseSchema, DialogResponseSchema, EditMessageBodySchema, FileRoutes,
  LeadListQuerySchema, LeadListResponseSchema, LeadResponseSchema, LoginBodySchema, MessageResponseSchema, NoteBodySchema,
  NoteResponseSchema, OperatorListResponseSchema, OperatorResponseSchema, OperatorRoutes, ProjectInfoSchema, PublicConfigSchema,
  ReadBodySchema, SendMessageBodySchema, TagsBodySchema, TemplateBodySchema, TemplateListResponseSchema, TemplateQuerySchema,
  TemplateResponseSchema, TimelineQuerySchema, TimelineSchema, UpdateLeadBodySchema, UpdateMeBodySchema, UpdateOperatorBodySchema,
  UpdateProjectBodySchema, UploadResponseSchema, WidgetRoutes, DocRoutes, ProjectStorageResponseSchema, VisitorExportSchema,
  EraseResponseSchema,
} from '@parley/protocol';

export type Auth = 'none' | 'visitor' | 'operator' | 'party';
type Schema = v.GenericSchema;

export interface RouteSpec {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  auth: Auth;
  tag: 'widget' | 'files' | 'operator' | 'docs';
  query?: Schema;
  body?: Schema;
  /** Raw (non-JSON) request body, described in words. */
  raw?: string;
  responses: Record<number, Schema | string>;
  /** Operator routes only admins (owner/admin) may call. */
  admin?: boolean;
  websocket?: boolean;
}

const pat = (p: string) => p;
const E = 'ApiError';

/** Every route of the server, with its schemas: the source of the OpenAPI document. */
export const ROUTES: RouteSpec[] = [
  { method: 'get', path: WidgetRoutes.configPattern, summary: 'Public project config (ETag; 304 on If-None-Match; CORS *)', auth: 'none', tag: 'widget', responses: { 200: PublicConfigSchema, 304: 'Not modified', 404: E } },
  { method: 'get', path: WidgetRoutes.socket, summary: 'Visitor WebSocket (protocol frames; first frame session.hello)', auth: 'none', tag: 'widget', websocket: true, responses: { 101: 'Switching protocols', 429: E } },
  { method: 'post', path: WidgetRoutes.uploads, summary: 'Upload one file as a visitor (raw body; Content-Type, X-Parley-File-Name, X-Parley-Project). Uploads not attached to a message within 30 minutes are deleted; bytes are rated per IP and per project (429 with Retry-After); a full project quota is 507', auth: 'visitor', tag: 'widget', raw: 'The file bytes. The real type is detected from the content (an undecidable one is refused after its first 64 KB).', responses: { 201: UploadResponseSchema, 401: E, 403: E, 413: E, 415: E, 429: E, 507: E } },
  { method: 'post', path: WidgetRoutes.callbackPattern, summary: 'Callback request (idempotent by clientId; CORS *)', auth: 'none', tag: 'widget', body: CallbackRequestSchema, responses: { 201: CallbackResponseSchema, 200: CallbackResponseSchema, 400: E, 404: E, 429: E } },
  { method: 'get', path: FileRoutes.downloadPattern, summary: 'Download a file (party-bound signed link, visitor bearer token, or operator session)', auth: 'party', tag: 'files', responses: { 200: 'The file, always as an attachment', 404: E } },
  { method: 'get', path: FileRoutes.avatarPattern, summary: 'Operator avatar (public image)', auth: 'none', tag: 'files', responses: { 200: 'PNG or JPEG image', 404: E } },
  { method: 'post', path: OperatorRoutes.login, summary: 'Sign in with email and password; sets the httpOnly session cookie', auth: 'none', tag: 'operator', body: LoginBodySchema, responses: { 200: OperatorResponseSchema, 400: E, 401: E, 429: E } },
  { method: 'post', path: OperatorRoutes.logout, summary: 'Sign out (ends this session)', auth: 'operator', tag: 'operator', responses: { 204: 'Signed out', 401: E } },
  { method: 'get', path: OperatorRoutes.me, summary: 'The signed-in operator', auth: 'operator', tag: 'operator', responses: { 200: OperatorResponseSchema, 401: E } },
  { method: 'patch', path: OperatorRoutes.me, summary: 'Change own name, online/offline status or password', auth: 'operator', tag: 'operator', body: UpdateMeBodySchema, responses: { 200: OperatorResponseSchema, 400: E, 401: E } },
  { method: 'post', path: OperatorRoutes.myAvatar, summary: 'Set own avatar (raw PNG/JPG body, square, 200..1500 px)', auth: 'operator', tag: 'operator', raw: 'PNG or JPEG bytes', responses: { 200: OperatorResponseSchema, 400: E, 413: E } },
  { method: 'get', path: OperatorRoutes.operators, summary: 'Operators of the project', auth: 'operator', tag: 'operator', responses: { 200: OperatorListResponseSchema, 401: E } },
  { method: 'post', path: OperatorRoutes.operators, summary: 'Add an operator (admins add operators; only the owner adds admins)', auth: 'operator', admin: true, tag: 'operator', body: CreateOperatorBodySchema, responses: { 201: OperatorResponseSchema, 400: E, 403: E, 409: E } },
  { method: 'patch', path: OperatorRoutes.operatorPattern, summary: 'Change an operator (name, role, password)', auth: 'operator', admin: true, tag: 'operator', body: UpdateOperatorBodySchema, responses: { 200: OperatorResponseSchema, 400: E, 403: E, 404: E } },
  { method: 'delete', path: OperatorRoutes.operatorPattern, summary: 'Remove an operator', auth: 'operator', admin: true, tag: 'operator', responses: { 204: 'Removed', 403: E, 404: E } },
  { method: 'get', path: OperatorRoutes.dialogs, summary: 'Dialog queue: view=new|mine|all|resolved, search q, filters, cursor pagination', auth: 'operator', tag: 'operator', query: DialogListQuerySchema, responses: { 200: DialogListResponseSchema, 400: E, 403: E } },
  { method: 'get', path: OperatorRoutes.dialogPattern, summary: 'Dialog detail: visitor card, custom params, pages, devices, previous dialogs (verified visitors)', auth: 'operator', tag: 'operator', responses: { 200: DialogDetailSchema, 403: E, 404: E } },
  { method: 'get', path: OperatorRoutes.timelinePattern, summary: 'Messages (with device per message), notes and events; page with ?before=seq', auth: 'operator', tag: 'operator', query: TimelineQuerySchema, responses: { 200: TimelineSchema, 403: E, 404: E } },
  { method: 'post', path: OperatorRoutes.takePattern, summary: 'Take a dialog', auth: 'operator', tag: 'operator', responses: { 200: DialogResponseSchema, 403: E, 404: E, 409: E } },
  { method: 'post', path: OperatorRoutes.assignPattern, summary: 'Assign a dialog to an operator (admins)', auth: 'operator', admin: true, tag: 'operator', body: AssignBodySchema, responses: { 200: DialogResponseSchema, 400: E, 403: E, 404: E } },
  { method: 'post', path: OperatorRoutes.messagesPattern, summary: 'Reply (idempotent by clientId; takes an unassigned dialog)', auth: 'operator', tag: 'operator', body: SendMessageBodySchema, responses: { 201: MessageResponseSchema, 200: MessageResponseSchema, 400: E, 403: E, 404: E, 409: E, 429: E } },
  { method: 'patch', path: OperatorRoutes.messagePattern, summary: 'Edit own message (every visitor device sees the change)', auth: 'operator', tag: 'operator', body: EditMessageBodySchema, responses: { 200: MessageResponseSchema, 403: E, 404: E, 409: E } },
  { method: 'delete', path: OperatorRoutes.messagePattern, summary: 'Delete own message (every visitor device sees the change)', auth: 'operator', tag: 'operator', responses: { 200: MessageResponseSchema, 403: E, 404: E, 409: E } },
  { method: 'post', path: OperatorRoutes.notesPattern, summary: 'Internal note (never sent to the visitor)', auth: 'operator', tag: 'operator', body: NoteBodySchema, responses: { 201: NoteResponseSchema, 400: E, 403: E, 404: E } },
  { method: 'post', path: OperatorRoutes.closePattern, summary: 'Close with a status', auth: 'operator', tag: 'operator', body: CloseBodySchema, responses: { 200: DialogResponseSchema, 400: E, 403: E, 404: E, 409: E } },
  { method: 'post', path: OperatorRoutes.reopenPattern, summary: 'Reopen a closed dialog', auth: 'operator', tag: 'operator', responses: { 200: DialogResponseSchema, 403: E, 404: E, 409: E } },
  { method: 'put', path: OperatorRoutes.tagsPattern, summary: 'Replace the tags', auth: 'operator', tag: 'operator', body: TagsBodySchema, responses: { 200: DialogResponseSchema, 400: E, 403: E, 404: E } },
  { method: 'post', path: OperatorRoutes.readPattern, summary: 'Mark visitor messages read up to seq (the visitor gets read.update)', auth: 'operator', tag: 'operator', body: ReadBodySchema, responses: { 200: DialogResponseSchema, 400: E, 403: E, 404: E } },
  { method: 'get', path: OperatorRoutes.templates, summary: 'Reply templates; ?q= searches titles and texts', auth: 'operator', tag: 'operator', query: TemplateQuerySchema, responses: { 200: TemplateListResponseSchema } },
  { method: 'post', path: OperatorRoutes.templates, summary: 'Add a template', auth: 'operator', admin: true, tag: 'operator', body: TemplateBodySchema, responses: { 201: TemplateResponseSchema, 400: E, 403: E } },
  { method: 'patch', path: OperatorRoutes.templatePattern, summary: 'Change a template', auth: 'operator', admin: true, tag: 'operator', body: v.partial(TemplateBodySchema), responses: { 200: TemplateResponseSchema, 400: E, 403: E, 404: E } },
  { method: 'delete', path: OperatorRoutes.templatePattern, summary: 'Delete a template', auth: 'operator', admin: true, tag: 'operator', responses: { 204: 'Deleted', 403: E, 404: E } },
  { method: 'get', path: OperatorRoutes.project, summary: 'Project settings (the identity keys for owners and admins only)', auth: 'operator', tag: 'operator', responses: { 200: ProjectInfoSchema } },
  { method: 'patch', path: OperatorRoutes.project, summary: 'Change project settings (nested objects are replaced whole)', auth: 'operator', admin: true, tag: 'operator', body: UpdateProjectBodySchema, responses: { 200: ProjectInfoSchema, 400: E, 403: E } },
  { method: 'post', path: OperatorRoutes.rotateSecret, summary: 'Rotate the identity secret: both identity keys change (existing signatures stop working)', auth: 'operator', admin: true, tag: 'operator', responses: { 200: ProjectInfoSchema, 403: E } },
  { method: 'get', path: OperatorRoutes.storage, summary: 'Stored files against the project quota (bytes, count, pending uploads)', auth: 'operator', admin: true, tag: 'operator', responses: { 200: ProjectStorageResponseSchema, 403: E } },
  { method: 'get', path: OperatorRoutes.leads, summary: 'Offline form submissions and callback requests', auth: 'operator', tag: 'operator', query: LeadListQuerySchema, responses: { 200: LeadListResponseSchema } },
  { method: 'patch', path: OperatorRoutes.leadPattern, summary: 'Mark a lead new or done', auth: 'operator', tag: 'operator', body: UpdateLeadBodySchema, responses: { 200: LeadResponseSchema, 400: E, 404: E } },
  { method: 'post', path: OperatorRoutes.uploads, summary: 'Upload one file as an operator (raw body, same rules as for visitors)', auth: 'operator', tag: 'operator', raw: 'The file bytes', responses: { 201: UploadResponseSchema, 413: E, 415: E, 429: E, 507: E } },
  { method: 'get', path: OperatorRoutes.visitorExportPattern, summary: 'Export everything stored about a visitor as JSON (card, devices, pages, dialogs with messages and notes, uploads, leads). Operators: visitors whose every dialog they may see; admins: all', auth: 'operator', tag: 'operator', responses: { 200: VisitorExportSchema, 401: E, 404: E } },
  { method: 'get', path: OperatorRoutes.visitorExportZipPattern, summary: 'The same export as a zip: visitor.json and every file under files/', auth: 'operator', tag: 'operator', responses: { 200: 'application/zip', 401: E, 404: E } },
  { method: 'post', path: OperatorRoutes.visitorErasePattern, summary: 'Erase a visitor: messages, notes, files (bytes too), devices, tokens, pages and leads go; dialogs stay as tombstones without personal data; live sockets are closed', auth: 'operator', tag: 'operator', responses: { 200: EraseResponseSchema, 401: E, 404: E } },
  { method: 'get', path: OperatorRoutes.socket, summary: 'Operator WebSocket (operator frames)', auth: 'operator', tag: 'operator', websocket: true, responses: { 101: 'Switching protocols', 401: E } },
  { method: 'get', path: pat(DocRoutes.openapi), summary: 'This document', auth: 'none', tag: 'docs', responses: { 200: 'OpenAPI 3.1 JSON' } },
];

export { ApiErrorSchema };
