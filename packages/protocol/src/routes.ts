/**
 * HTTP paths of the Parley API, one definition for the server that mounts them and the clients
 * that call them. Everything is under /api/v1; the OpenAPI document describes each.
 */
import { API_PREFIX, widgetConfigPath } from './routes-config';

export { API_PREFIX, widgetConfigPath };

export const WidgetRoutes = {
  /** GET: public, cacheable project config (ETag). */
  config: widgetConfigPath,
  configPattern: `${API_PREFIX}/widget/projects/:project/config`,
  /** WebSocket for visitors; the first frame is session.hello. */
  socket: `${API_PREFIX}/widget/ws`,
  /**
   * POST: upload one file (raw body, Content-Type = the file's type, `X-Parley-File-Name` =
   * URI-encoded name, `Authorization: Bearer <visitor token>`). Answers { upload: UploadedFile }.
   */
  uploads: `${API_PREFIX}/widget/uploads`,
  /** POST { email? }: the visitor's current dialog by email (Authorization: Bearer <visitor token>). */
  transcript: `${API_PREFIX}/widget/transcript`,
  /** POST: callback request from the multiwidget (JSON CallbackRequest; idempotent by clientId). */
  callback: (project: string) => `${API_PREFIX}/widget/projects/${encodeURIComponent(project)}/callback`,
  callbackPattern: `${API_PREFIX}/widget/projects/:project/callback`,
} as const;

/** Email: the inbound webhook (raw RFC 822) and the one-link unsubscribe of a dialog's mail. */
export const EmailRoutes = {
  /** POST a raw RFC 822 message (Content-Type message/rfc822), Authorization: Bearer <PARLEY_INBOUND_TOKEN>. */
  inbound: `${API_PREFIX}/email/inbound`,
  unsubscribe: (token: string) => `${API_PREFIX}/email/unsubscribe/${encodeURIComponent(token)}`,
  unsubscribePattern: `${API_PREFIX}/email/unsubscribe/:token`,
} as const;

/** GET: a file, to a party of its dialog only (visitor signature in the URL or operator session). */
export const FileRoutes = {
  download: (fileId: string) => `${API_PREFIX}/files/${encodeURIComponent(fileId)}`,
  downloadPattern: `${API_PREFIX}/files/:fileId`,
  /** Operator avatars are public images. */
  avatar: (operatorId: string) => `${API_PREFIX}/avatars/${encodeURIComponent(operatorId)}`,
  avatarPattern: `${API_PREFIX}/avatars/:operatorId`,
} as const;

const OP = `${API_PREFIX}/operator`;
/** The operator API the console uses (session cookie; JSON; errors as ApiError). */
export const OperatorRoutes = {
  login: `${OP}/auth/login`,
  logout: `${OP}/auth/logout`,
  /** POST { email }: a one-time reset link by email (when the server can send mail). */
  resetRequest: `${OP}/auth/reset-request`,
  /** POST { token, password }: sets the password with a one-time link's token. */
  reset: `${OP}/auth/reset`,
  me: `${OP}/me`,
  /** GET: { operator } when signed in, { operator: null } when not (the console's first request). */
  session: `${OP}/auth/session`,
  myAvatar: `${OP}/me/avatar`,
  operators: `${OP}/operators`,
  operator: (id: string) => `${OP}/operators/${encodeURIComponent(id)}`,
  operatorPattern: `${OP}/operators/:operatorId`,
  /** POST (admins): an operator's avatar, raw image body like me/avatar. */
  operatorAvatar: (id: string) => `${OP}/operators/${encodeURIComponent(id)}/avatar`,
  operatorAvatarPattern: `${OP}/operators/:operatorId/avatar`,
  dialogs: `${OP}/dialogs`,
  dialog: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}`,
  dialogPattern: `${OP}/dialogs/:dialogId`,
  timeline: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/timeline`,
  timelinePattern: `${OP}/dialogs/:dialogId/timeline`,
  take: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/take`,
  takePattern: `${OP}/dialogs/:dialogId/take`,
  assign: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/assign`,
  assignPattern: `${OP}/dialogs/:dialogId/assign`,
  messages: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/messages`,
  messagesPattern: `${OP}/dialogs/:dialogId/messages`,
  message: (id: string, messageId: string) => `${OP}/dialogs/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}`,
  messagePattern: `${OP}/dialogs/:dialogId/messages/:messageId`,
  /** GET: can this dialog's visitor be mailed; POST transcript: the dialog by email. */
  dialogEmail: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/email`,
  dialogEmailPattern: `${OP}/dialogs/:dialogId/email`,
  transcript: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/transcript`,
  transcriptPattern: `${OP}/dialogs/:dialogId/transcript`,
  /** POST (admins): a test mail through the server's SMTP settings. */
  testEmail: `${OP}/project/test-email`,
  notes: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/notes`,
  notesPattern: `${OP}/dialogs/:dialogId/notes`,
  close: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/close`,
  closePattern: `${OP}/dialogs/:dialogId/close`,
  reopen: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/reopen`,
  reopenPattern: `${OP}/dialogs/:dialogId/reopen`,
  tags: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/tags`,
  tagsPattern: `${OP}/dialogs/:dialogId/tags`,
  read: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/read`,
  readPattern: `${OP}/dialogs/:dialogId/read`,
  /** PATCH: the dialog's visitor card (name, email, phone, operators' note). */
  visitor: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/visitor`,
  visitorPattern: `${OP}/dialogs/:dialogId/visitor`,
  /** PUT { blocked }: block or unblock the dialog's visitor. */
  block: (id: string) => `${OP}/dialogs/${encodeURIComponent(id)}/visitor/block`,
  blockPattern: `${OP}/dialogs/:dialogId/visitor/block`,
  /** GET: blocked visitors of the project; DELETE one to unblock. */
  blocked: `${OP}/blocked-visitors`,
  blockedVisitor: (visitorId: string) => `${OP}/blocked-visitors/${encodeURIComponent(visitorId)}`,
  blockedVisitorPattern: `${OP}/blocked-visitors/:visitorId`,
  /** Groups (departments): GET, POST; PATCH / DELETE one. */
  groups: `${OP}/groups`,
  group: (id: string) => `${OP}/groups/${encodeURIComponent(id)}`,
  groupPattern: `${OP}/groups/:groupId`,
  /** The managed tag list: GET, PUT one (create or recolour), DELETE one. */
  tagDefs: `${OP}/tags`,
  tagDef: (name: string) => `${OP}/tags/${encodeURIComponent(name)}`,
  tagDefPattern: `${OP}/tags/:tag`,
  templates: `${OP}/templates`,
  template: (id: string) => `${OP}/templates/${encodeURIComponent(id)}`,
  templatePattern: `${OP}/templates/:templateId`,
  /** The operator's projects (GET), a new project (POST, workspace owner and admins). */
  projects: `${OP}/projects`,
  /** Rename (PATCH) or delete (DELETE) a project: workspace owner and admins. */
  workspaceProject: (id: string) => `${OP}/projects/${encodeURIComponent(id)}`,
  workspaceProjectPattern: `${OP}/projects/:projectId`,
  /** The project the request acts in (X-Parley-Project, else the operator's first project). */
  project: `${OP}/project`,
  rotateSecret: `${OP}/project/secret`,
  /** GET (admins): stored bytes and files against the project's quota. */
  storage: `${OP}/project/storage`,
  /** DELETE: revoke a previous identity secret. */
  secret: (id: string) => `${OP}/project/secrets/${encodeURIComponent(id)}`,
  secretPattern: `${OP}/project/secrets/:secretId`,
  leads: `${OP}/leads`,
  lead: (id: string) => `${OP}/leads/${encodeURIComponent(id)}`,
  leadPattern: `${OP}/leads/:leadId`,
  uploads: `${OP}/uploads`,
  /** GET: everything stored about a visitor, as JSON (a visitor's right of access). */
  visitorExport: (id: string) => `${OP}/visitors/${encodeURIComponent(id)}/export`,
  visitorExportPattern: `${OP}/visitors/:visitorId/export`,
  /** GET: the same as a zip: visitor.json and every file they sent or received. */
  visitorExportZip: (id: string) => `${OP}/visitors/${encodeURIComponent(id)}/export.zip`,
  visitorExportZipPattern: `${OP}/visitors/:visitorId/export.zip`,
  /** POST: erases the visitor (messages, files, devices, tokens, leads); dialogs stay as tombstones. */
  visitorErase: (id: string) => `${OP}/visitors/${encodeURIComponent(id)}/erase`,
  visitorErasePattern: `${OP}/visitors/:visitorId/erase`,
  socket: `${OP}/ws`,
} as const;

/** First run of a production server (no owner yet): GET says whether setup is needed, POST runs it once. */
export const SetupRoutes = {
  setup: `${API_PREFIX}/setup`,
} as const;

/** Operations: liveness, readiness and Prometheus metrics (off unless configured). */
export const OpsRoutes = {
  healthz: '/healthz',
  readyz: '/readyz',
  metrics: '/metrics',
} as const;

/** Header naming the project an operator request acts in (the socket takes `?project=`). */
export const PROJECT_HEADER = 'x-parley-project';

export const DocRoutes = {
  openapi: `${API_PREFIX}/openapi.json`,
} as const;

/** Demo mode only (`npm start`): what a site's back end would do, for the example pages. */
export const DemoRoutes = {
  /** POST { userId }: the HMAC signature of a sample user's id (DEMO_USERS) for the seeded demo project. */
  sign: '/demo/sign',
  /** GET: the sample users the demo signer signs. */
  users: '/demo/users',
} as const;
