/**
 * Cross-project isolation, driven from the route table and the frame type lists themselves: a route
 * or frame added without a case here fails this test.
 *
 * For every route that takes an id, an operator (or visitor) of project B using project A's ids
 * must get exactly what they get for ids that do not exist, and A's own people must get the
 * resource (so the check cannot pass by accident). Lists in B contain nothing of A. Every
 * project-scoped route named with a project the operator is not a member of answers exactly like
 * a project that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C, OC, type ProjectInfo } from '@parley/protocol';
import { ROUTES } from '../src/http/api-spec';
import type { RouteSpec } from '../src/http/route-spec';
import {
  DESKTOP_CHROME,
  clientId,
  createOperator,
  loginOperator,
  openOperatorSocket,
  openVisitorSocket,
  sendMessage,
  sign,
  startServer,
  uploadAsVisitor,
  type Frame,
  type HttpResult,
  type IdentityKeys,
  type OperatorClient,
  type RunningServer,
} from './harness';
import { png } from './fixtures';

interface Ids {
  project: string;
  dialog: string;
  message: string;
  template: string;
  lead: string;
  operator: string;
  file: string;
  /** An operator upload not yet attached to a message. */
  opFile: string;
  secret: string;
  visitorToken: string;
  /** A group, a tag of the managed list and a blocked visitor (issue 14). */
  group: string;
  tag: string;
  visitor: string;
}

const MISSING: Ids = {
  project: 'no-such-project',
  dialog: 'missingDialog0000000000',
  message: 'missingMessage00000000',
  template: 'missingTemplate0000000',
  lead: 'missingLead00000000000',
  operator: 'missingOperator0000000',
  file: 'missingFile00000000000',
  opFile: 'missingOpFile000000000',
  secret: 'missingSecret000000000',
  visitorToken: 'missingVisitorToken00000000000',
  group: 'missingGroup000000000',
  tag: 'missing-tag',
  visitor: 'missingVisitor0000000',
};

const PARAM_IDS: Record<string, keyof Ids> = {
  project: 'project',
  projectId: 'project',
  dialogId: 'dialog',
  messageId: 'message',
  templateId: 'template',
  leadId: 'lead',
  operatorId: 'operator',
  fileId: 'file',
  secretId: 'secret',
  groupId: 'group',
  tag: 'tag',
  visitorId: 'visitor',
};

let srv: RunningServer;
let owner: OperatorClient;
/** Admin of A only, admin of B only. */
let adminA: OperatorClient;
let adminB: OperatorClient;
let B: string;
let a: Ids;
let b: Ids;

function pathOf(spec: RouteSpec, ids: Ids): string {
  return spec.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(ids[PARAM_IDS[name] as keyof Ids]));
}

async function call(client: OperatorClient, spec: RouteSpec, ids: Ids, body?: unknown): Promise<HttpResult> {
  const path = pathOf(spec, ids);
  switch (spec.method) {
    case 'get':
      return client.get(path);
    case 'post':
      return spec.raw ? client.upload(path, png(4, 4), { type: 'image/png', name: 'x.png' }) : client.post(path, body ?? {});
    case 'patch':
      return client.patch(path, body ?? {});
    case 'put':
      return client.put(path, body ?? {});
    case 'delete':
      return client.delete(path);
  }
}

/** A full set of things in a project: a visitor's dialog with a file, an operator message, a template, a lead, ... */
async function resources(project: string, admin: OperatorClient): Promise<Ids> {
  const v = await openVisitorSocket(srv.url, { project });
  const token = (await v.welcome).token as string;
  const up = await uploadAsVisitor(srv.url, token, png(4, 4), { type: 'image/png', name: 'a.png', project });
  v.send({ type: 'message.send', clientId: clientId(), text: 'hello', attachments: [up.body.upload.id] });
  const ack = await v.next('message.ack');
  await v.close();
  const reply = await admin.post(`/api/v1/operator/dialogs/${ack.dialogId}/messages`, { clientId: clientId(), text: 'hi' });
  const opUp = await admin.upload('/api/v1/operator/uploads', png(4, 4), { type: 'image/png', name: 'b.png' });
  const tpl = await admin.post('/api/v1/operator/templates', { title: `T ${clientId()}`, text: 'x' });
  const lead = await fetch(`${srv.url}/api/v1/widget/projects/${project}/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: clientId(), phone: '+15550100' }),
  }).then((r) => r.json() as Promise<{ id: string }>);
  const op = await admin.post('/api/v1/operator/operators', { email: `op-${clientId()}@x.test`, name: 'Op', password: 'op-password-1', role: 'operator' });
  const rotated = (await admin.post('/api/v1/operator/project/secret', {})).body as ProjectInfo;
  const group = await admin.post('/api/v1/operator/groups', { name: `G ${clientId()}`, operatorIds: [] });
  const tag = `t-${clientId()}`;
  await admin.put(`/api/v1/operator/tags/${tag}`, { name: tag, color: '#123456' });
  // A second visitor, blocked (the first one's dialog stays usable for the other checks).
  const v2 = await openVisitorSocket(srv.url, { project });
  await v2.welcome;
  const d2 = (await sendMessage(v2, 'block me')).dialogId as string;
  await v2.close();
  const blocked = await admin.put(`/api/v1/operator/dialogs/${d2}/visitor/block`, { blocked: true });
  const ids: Ids = {
    project,
    dialog: ack.dialogId,
    message: reply.body.message.id,
    template: tpl.body.template.id,
    lead: lead.id,
    operator: op.body.operator.id,
    file: up.body.upload.id,
    opFile: opUp.body.upload.id,
    secret: rotated.secrets![1]!.id,
    visitorToken: token,
    group: group.body.group?.id,
    tag,
    visitor: blocked.body.visitor?.id,
  };
  for (const [k, val] of Object.entries(ids)) if (typeof val !== 'string' || !val) throw new Error(`no ${k} in ${project}`);
  return ids;
}

type Check =
  /** B's admin with A's ids == B's admin with missing ids; A's admin (fresh resources) succeeds. */
  | { kind: 'ids'; body?: (ids: Ids) => unknown; before?: (admin: OperatorClient, ids: Ids) => Promise<void> }
  /** B's admin's answer holds nothing of A; A's admin's holds A's. */
  | { kind: 'list'; query?: string }
  /** Acts on the caller's own project only (no ids): the project header check covers it. */
  | { kind: 'own'; body?: (ids: Ids) => unknown }
  | { kind: 'custom'; run: () => Promise<void> }
  /** No project data behind it (or public by design); `why` says which. */
  | { kind: 'none'; why: string };

function expectSame(foreign: HttpResult, missing: HttpResult, what: string): void {
  expect(foreign.status, what).toBe(missing.status);
  expect(foreign.status, what).toBeGreaterThanOrEqual(400);
  expect(foreign.body, what).toEqual(missing.body);
}

const CHECKS: Record<keyof typeof ROUTES, Check> = {
  widgetConfig: { kind: 'none', why: 'public config of the project named in the path (what the widget reads on any site)' },
  widgetSocket: { kind: 'none', why: 'visitor frames: see the frame tests below' },
  widgetCallback: { kind: 'none', why: 'public: creates a lead in the project named in the path, reads nothing' },
  widgetUpload: {
    kind: 'custom',
    async run() {
      const send = (token: string, project: string) => uploadAsVisitor(srv.url, token, png(4, 4), { type: 'image/png', project });
      // A's visitor token used for project B is refused exactly like a token that does not exist.
      expectSame(await send(a.visitorToken, B), await send(MISSING.visitorToken, B), 'widgetUpload');
      expect((await send(a.visitorToken, 'demo')).status).toBe(201);
    },
  },
  fileDownload: {
    kind: 'custom',
    async run() {
      const get = (client: OperatorClient, id: string) => client.get(`/api/v1/files/${id}`);
      for (const f of [a.file, a.opFile]) expectSame(await get(adminB, f), await get(adminB, MISSING.file), 'fileDownload (session)');
      const bearer = (token: string, id: string) => fetch(`${srv.url}/api/v1/files/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const foreign = await bearer(b.visitorToken, a.file);
      const missing = await bearer(b.visitorToken, MISSING.file);
      expect([foreign.status, await foreign.text()]).toEqual([missing.status, await missing.text()]);
      expect((await get(adminA, a.file)).status).toBe(200);
      expect((await bearer(a.visitorToken, a.file)).status).toBe(200);
    },
  },
  avatar: { kind: 'none', why: 'operator avatars are public images (widgets show them on any site)' },
  login: { kind: 'none', why: 'account: no project data' },
  resetRequest: { kind: 'none', why: 'account: no project data' },
  resetPassword: { kind: 'none', why: 'account: no project data' },
  logout: { kind: 'none', why: 'account: no project data' },
  me: {
    kind: 'custom',
    async run() {
      // Naming a foreign project shows the role in one's own default project, never A's.
      const r = await adminB.in('demo').get('/api/v1/operator/me');
      expect(r.status).toBe(200);
      expect(r.body.operator.role).toBe('admin');
      expect((await adminB.in('demo').get('/api/v1/operator/me')).body).toEqual((await adminB.in(MISSING.project).get('/api/v1/operator/me')).body);
    },
  },
  updateMe: { kind: 'none', why: 'own account only' },
  myAvatar: { kind: 'none', why: 'own account only' },
  projects: {
    kind: 'custom',
    async run() {
      const mine = (await adminB.get('/api/v1/operator/projects')).body.projects.map((p: { id: string }) => p.id);
      expect(mine).toEqual([B]);
      expect((await adminA.get('/api/v1/operator/projects')).body.projects.map((p: { id: string }) => p.id)).toEqual(['demo']);
    },
  },
  createProject: { kind: 'none', why: 'workspace owner and admins only; makes a new project, reads none' },
  renameProject: {
    kind: 'custom',
    async run() {
      const r = (client: OperatorClient, id: string) => client.patch(`/api/v1/operator/projects/${id}`, { name: 'Taken over' });
      expectSame(await r(adminB, 'demo'), await r(adminB, MISSING.project), 'renameProject');
      expect((await r(owner, B)).status).toBe(200);
    },
  },
  deleteProject: {
    kind: 'custom',
    async run() {
      const r = (client: OperatorClient, id: string) => client.delete(`/api/v1/operator/projects/${id}`);
      expectSame(await r(adminB, 'demo'), await r(adminB, MISSING.project), 'deleteProject');
      const doomed = (await owner.post('/api/v1/operator/projects', { name: 'Doomed' })).body.project.id;
      expect((await r(owner, doomed)).status).toBe(204);
    },
  },
  operators: { kind: 'list' },
  createOperator: {
    kind: 'custom',
    async run() {
      // B's admin cannot pull A's people into B: their email is simply taken.
      const a1 = (await adminA.get('/api/v1/operator/operators')).body.operators.find((o: { id: string }) => o.id === a.operator);
      const r = await adminB.post('/api/v1/operator/operators', { email: a1.email, name: 'x', role: 'operator' });
      expect(r.status).toBe(409);
      expect((await adminB.get('/api/v1/operator/operators')).body.operators.map((o: { id: string }) => o.id)).not.toContain(a.operator);
    },
  },
  updateOperator: { kind: 'ids', body: () => ({ name: 'Renamed' }) },
  removeOperator: { kind: 'ids' },
  dialogs: { kind: 'list', query: '?view=all' },
  dialog: { kind: 'ids' },
  timeline: { kind: 'ids' },
  dialogEmail: { kind: 'ids' },
  transcript: {
    kind: 'custom',
    async run() {
      const r = (client: OperatorClient, id: string) => client.post(`/api/v1/operator/dialogs/${id}/transcript`, { to: 'x@example.test' });
      expectSame(await r(adminB, a.dialog), await r(adminB, MISSING.dialog), 'transcript');
      // A's admin gets past the dialog check (this server sends no mail: 409, not 404).
      expect((await r(adminA, a.dialog)).status).toBe(409);
    },
  },
  testEmail: { kind: 'own', body: () => ({ to: 'x@example.test' }) },
  widgetTranscript: {
    kind: 'custom',
    async run() {
      const send = (token: string, project: string) =>
        fetch(`${srv.url}/api/v1/widget/transcript`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'x-parley-project': project, 'content-type': 'application/json' },
          body: JSON.stringify({ to: 'x@example.test' }),
        }).then(async (res): Promise<HttpResult> => ({ status: res.status, body: (await res.json()) as unknown, headers: res.headers }));
      expectSame(await send(a.visitorToken, B), await send(MISSING.visitorToken, B), 'widgetTranscript');
      expect((await send(a.visitorToken, 'demo')).status).toBe(409);
    },
  },
  widgetRequests: {
    kind: 'custom',
    async run() {
      const get = (token: string, project: string) =>
        fetch(`${srv.url}/api/v1/widget/requests`, { headers: { authorization: `Bearer ${token}`, 'x-parley-project': project } }).then(
          async (res): Promise<HttpResult> => ({ status: res.status, body: (await res.json()) as unknown, headers: res.headers }),
        );
      expectSame(await get(a.visitorToken, B), await get(MISSING.visitorToken, B), 'widgetRequests');
      const mine = await get(a.visitorToken, 'demo');
      expect(mine.status).toBe(200);
      expect((mine.body as { requests: { id: string }[] }).requests.map((r) => r.id)).toEqual([a.dialog]);
    },
  },
  widgetRequest: {
    kind: 'custom',
    async run() {
      const get = (token: string, id: string) =>
        fetch(`${srv.url}/api/v1/widget/requests/${id}`, { headers: { authorization: `Bearer ${token}` } }).then(async (res): Promise<HttpResult> => ({
          status: res.status,
          body: (await res.json()) as unknown,
          headers: res.headers,
        }));
      // Another project's visitor asking for A's request learns nothing more than for a missing one.
      expectSame(await get(b.visitorToken, a.dialog), await get(b.visitorToken, MISSING.dialog), 'widgetRequest');
      expect((await get(a.visitorToken, a.dialog)).status).toBe(200);
    },
  },
  widgetContinueRequest: {
    kind: 'custom',
    async run() {
      const post = (token: string, id: string) =>
        fetch(`${srv.url}/api/v1/widget/requests/${id}/continue`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then(
          async (res): Promise<HttpResult> => ({ status: res.status, body: (await res.json()) as unknown, headers: res.headers }),
        );
      // Another project's visitor continuing A's request changes and learns nothing more than for a missing one.
      expectSame(await post(b.visitorToken, a.dialog), await post(b.visitorToken, MISSING.dialog), 'widgetContinueRequest');
      expect((await post(a.visitorToken, a.dialog)).status).toBe(200);
    },
  },
  helpArticles: { kind: 'none', why: 'public: the published articles of the project named in the path (drafts: see helpArticle)' },
  helpArticle: {
    kind: 'custom',
    async run() {
      const draft = (
        await adminA.post('/api/v1/operator/help/articles', { locale: 'ru', title: 'Черновик', body: 'x', category: '', status: 'draft', position: 0 })
      ).body.article.id;
      const get = (project: string, id: string) =>
        fetch(`${srv.url}/api/v1/help/${project}/articles/${id}`).then(async (r) => ({ status: r.status, body: await r.json() }));
      // A draft, or an article asked for under another project, is exactly a missing one.
      expect(await get('demo', draft)).toEqual(await get('demo', MISSING.dialog));
      expect(await get(B, draft)).toEqual(await get(B, MISSING.dialog));
    },
  },
  helpFile: {
    kind: 'custom',
    async run() {
      const img = (await adminA.upload('/api/v1/operator/help/images', png(4, 4), { type: 'image/png', name: 'i.png' })).body as {
        image: { id: string };
        path: string;
      };
      const get = (project: string, id: string) =>
        fetch(`${srv.url}/api/v1/help/${project}/files/${id}`).then(async (r) => ({ status: r.status, body: r.status === 200 ? null : await r.json() }));
      // Public under its own project; asked for under another project, or a chat attachment of the
      // project (not an article file), it is exactly a missing one.
      expect((await get('demo', img.image.id)).status).toBe(200);
      expect(img.path).toBe(`/api/v1/help/demo/files/${img.image.id}`);
      expect(await get(B, img.image.id)).toEqual(await get(B, MISSING.file));
      expect(await get('demo', a.file)).toEqual(await get('demo', MISSING.file));
      expect(await get('demo', a.opFile)).toEqual(await get('demo', MISSING.file));
    },
  },
  uploadArticleImage: { kind: 'own' },
  previewArticle: { kind: 'own', body: () => ({ body: '# Preview' }) },
  helpEvent: { kind: 'none', why: 'public: counts a read of a published article of the project named in the path; unknown ids are 404' },
  helpPage: { kind: 'none', why: 'public by design: the indexable help page of the project named in the path' },
  helpArticlePage: { kind: 'none', why: 'public by design: one published article of the project named in the path' },
  operatorArticles: {
    kind: 'custom',
    async run() {
      const id = (await adminA.post('/api/v1/operator/help/articles', { locale: 'en', title: 'Listed', body: 'x', category: '', status: 'draft', position: 0 }))
        .body.article.id;
      const ids = async (client: OperatorClient) => (await client.get('/api/v1/operator/help/articles')).body.articles.map((x: { id: string }) => x.id);
      expect(await ids(adminA)).toContain(id);
      expect(await ids(adminB)).not.toContain(id);
    },
  },
  createArticle: { kind: 'own', body: () => ({ locale: 'en', title: 'New', body: 'x', category: '', status: 'draft', position: 0 }) },
  updateArticle: {
    kind: 'custom',
    async run() {
      const id = (await adminA.post('/api/v1/operator/help/articles', { locale: 'en', title: 'A', body: 'x', category: '', status: 'draft', position: 0 })).body
        .article.id;
      const patch = (client: OperatorClient, aid: string) => client.patch(`/api/v1/operator/help/articles/${aid}`, { title: 'Taken' });
      expectSame(await patch(adminB, id), await patch(adminB, MISSING.dialog), 'updateArticle');
      expect((await patch(adminA, id)).status).toBe(200);
    },
  },
  deleteArticle: {
    kind: 'custom',
    async run() {
      const id = (await adminA.post('/api/v1/operator/help/articles', { locale: 'en', title: 'A', body: 'x', category: '', status: 'draft', position: 0 })).body
        .article.id;
      const del = (client: OperatorClient, aid: string) => client.delete(`/api/v1/operator/help/articles/${aid}`);
      expectSame(await del(adminB, id), await del(adminB, MISSING.dialog), 'deleteArticle');
      expect((await del(adminA, id)).status).toBe(204);
    },
  },
  emailInbound: { kind: 'none', why: 'off without PARLEY_INBOUND_TOKEN; the unguessable token in the reply address names the dialog (test/email.test.ts)' },
  emailUnsubscribe: { kind: 'none', why: 'an unguessable per-dialog token; names no project, reads nothing' },
  emailUnsubscribePost: { kind: 'none', why: 'an unguessable per-dialog token; names no project, reads nothing' },
  take: { kind: 'ids' },
  assign: {
    kind: 'ids',
    body: (ids) => ({ operatorId: ids.operator }),
  },
  reply: { kind: 'ids', body: () => ({ clientId: clientId(), text: 'x' }) },
  editMessage: { kind: 'ids', body: () => ({ text: 'edited' }) },
  deleteMessage: { kind: 'ids' },
  addNote: { kind: 'ids', body: () => ({ text: 'note' }) },
  close: { kind: 'ids', body: () => ({ status: 'resolved' }) },
  reopen: { kind: 'ids', before: async (admin, ids) => void (await admin.post(`/api/v1/operator/dialogs/${ids.dialog}/close`, { status: 'resolved' })) },
  setWaiting: { kind: 'ids', body: () => ({ waiting: true }) },
  setTags: { kind: 'ids', body: () => ({ tags: ['x'] }) },
  markRead: { kind: 'ids', body: () => ({ seq: 1 }) },
  templates: { kind: 'list' },
  createTemplate: { kind: 'own', body: () => ({ title: 'New', text: 'x' }) },
  updateTemplate: { kind: 'ids', body: () => ({ text: 'changed' }) },
  removeTemplate: { kind: 'ids' },
  project: { kind: 'list' },
  updateProject: { kind: 'own', body: () => ({ name: 'Renamed project' }) },
  rotateSecret: { kind: 'own' },
  revokeSecret: { kind: 'ids' },
  leads: { kind: 'list' },
  updateLead: { kind: 'ids', body: () => ({ status: 'done' }) },
  operatorUpload: { kind: 'own' },
  projectStorage: { kind: 'own' },
  visitorExport: { kind: 'ids' },
  visitorExportZip: { kind: 'ids' },
  visitorErase: { kind: 'ids' },
  operatorSocket: {
    kind: 'custom',
    async run() {
      const open = (client: OperatorClient) =>
        openOperatorSocket(srv.url, client).then(
          () => 'opened',
          (e: Error) => e.message,
        );
      expect(await open(adminB.in('demo'))).toBe(await open(adminB.in(MISSING.project)));
      expect(await open(adminB.in('demo'))).toMatch(/upgrade refused: 404/);
      const own = await openOperatorSocket(srv.url, adminA);
      await own.next('session.welcome');
      await own.close();
    },
  },
  session: { kind: 'none', why: 'account: who is signed in, no project data' },
  operatorAvatar: {
    kind: 'custom',
    async run() {
      const put = (client: OperatorClient, id: string, size: number) =>
        client.upload(`/api/v1/operator/operators/${id}/avatar`, png(size, size), { type: 'image/png', name: 'a.png' });
      expectSame(await put(adminB, a.operator, 256), await put(adminB, MISSING.operator, 256), 'operatorAvatar');
      expect((await put(adminA, a.operator, 256)).status).toBe(200);
    },
  },
  updateVisitor: { kind: 'ids', body: () => ({ note: 'x' }) },
  blockVisitor: { kind: 'ids', body: () => ({ blocked: true }) },
  blockedVisitors: { kind: 'list' },
  unblockVisitor: { kind: 'ids' },
  groups: { kind: 'list' },
  createGroup: { kind: 'own', body: () => ({ name: `New ${clientId()}` }) },
  updateGroup: { kind: 'ids', body: () => ({ name: `Renamed ${clientId()}` }) },
  removeGroup: { kind: 'ids' },
  tagDefs: { kind: 'list' },
  putTagDef: {
    kind: 'custom',
    async run() {
      // A tag is a name: B's admin writing A's tag name makes B's own tag; A's list does not change.
      const before = (await adminA.get('/api/v1/operator/tags')).body.tags;
      expect((await adminB.put(`/api/v1/operator/tags/${a.tag}`, { name: a.tag, color: '#abcdef' })).status).toBe(200);
      expect((await adminA.get('/api/v1/operator/tags')).body.tags).toEqual(before);
      expect((await adminB.delete(`/api/v1/operator/tags/${a.tag}`)).status).toBe(200);
    },
  },
  removeTagDef: { kind: 'ids' },
  setupStatus: { kind: 'none', why: 'says only whether the server still needs its first setup' },
  setup: { kind: 'none', why: 'first run only (refused once an owner exists)' },
  healthz: { kind: 'none', why: 'operations: no project data' },
  readyz: { kind: 'none', why: 'operations: no project data' },
  metrics: { kind: 'none', why: 'operations: totals without ids, behind a token' },
  openapi: { kind: 'none', why: 'the API description' },
  demoSign: { kind: 'none', why: 'demo mode only, signs sample users for the seeded demo project' },
  demoUsers: { kind: 'none', why: 'demo mode only: the fixed list of sample users' },
  telegramWebhook: { kind: 'none', why: 'platform webhook of the project in the path, checked by its own secret (channels-telegram.test.ts)' },
  whatsappVerify: { kind: 'none', why: "platform webhook verification, checked by the project's verify token (channels-whatsapp.test.ts)" },
  whatsappWebhook: { kind: 'none', why: 'platform webhook of the project in the path, checked by its signature (channels-whatsapp.test.ts)' },
  channels: { kind: 'own' },
  putTelegram: {
    kind: 'own',
    body: () => ({
      enabled: false,
      token: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      webhookSecret: 'secret-secret-secret',
      mode: 'webhook',
      defaultLocale: 'ru',
      verifyPhone: false,
      phoneLookupUrl: null,
    }),
  },
  deleteTelegram: { kind: 'own' },
  putWhatsApp: {
    kind: 'own',
    body: () => ({
      enabled: false,
      token: 'token-token-token-token',
      phoneNumberId: '1',
      appSecret: 'secret-secret-secret',
      verifyToken: 'verify-token',
      defaultLocale: 'ru',
    }),
  },
  deleteWhatsApp: { kind: 'own' },
  testTelegram: { kind: 'own' },
  testWhatsApp: { kind: 'own' },
  verifyDialog: {
    kind: 'custom',
    async run() {
      const r = (dialog: string) => adminB.post(`/api/v1/operator/dialogs/${dialog}/verify`, { userId: 'someone' });
      expectSame(await r(a.dialog), await r(MISSING.dialog), 'verifyDialog');
    },
  },
  dialogChannels: { kind: 'ids' },
  setDialogLanguage: {
    kind: 'custom',
    async run() {
      const r = (dialog: string) => adminB.put(`/api/v1/operator/dialogs/${dialog}/channels`, { locale: 'en' });
      expectSame(await r(a.dialog), await r(MISSING.dialog), 'setDialogLanguage');
    },
  },
  channelRef: { kind: 'none', why: 'a visitor token: a ref for that visitor only, in its own project' },
  channelRefForIdentity: {
    kind: 'none',
    why: "the project's own identity proof: a ref for that signed-in user in the project named in the path, reads nothing",
  },
  webhooks: {
    kind: 'custom',
    run: () =>
      webhookCheck(
        (c, ep) =>
          c.get('/api/v1/operator/webhooks').then((r) => {
            expect(JSON.stringify(r.body).includes(ep.id)).toBe(c === adminA);
            return r;
          }),
        false,
      ),
  },
  createWebhook: { kind: 'own', body: () => ({ url: 'https://example.com/hook', events: ['lead.created'] }) },
  updateWebhook: { kind: 'custom', run: () => webhookCheck((c, ep) => c.patch(`/api/v1/operator/webhooks/${ep.id}`, { description: 'x' })) },
  deleteWebhook: { kind: 'custom', run: () => webhookCheck((c, ep) => c.delete(`/api/v1/operator/webhooks/${ep.id}`)) },
  webhookDeliveries: { kind: 'custom', run: () => webhookCheck((c, ep) => c.get(`/api/v1/operator/webhooks/${ep.id}/deliveries`)) },
  testWebhook: { kind: 'custom', run: () => webhookCheck((c, ep) => c.post(`/api/v1/operator/webhooks/${ep.id}/test`, {})) },
  resendDelivery: { kind: 'custom', run: () => webhookCheck((c, ep) => c.post(`/api/v1/operator/webhook-deliveries/${ep.delivery}/resend`, {})) },
  dialogLeads: { kind: 'ids' },
  createDialogLead: { kind: 'ids' },
  alerts: { kind: 'own' },
  alertsSeen: { kind: 'own' },
  stats: {
    kind: 'custom',
    async run() {
      const q = `?from=${Date.now() - 300 * 86_400_000}&to=${Date.now() + 60_000}`;
      const inB = (await adminB.get(`/api/v1/operator/stats${q}`)).body;
      const bDialogs = (await adminB.get('/api/v1/operator/dialogs?view=all')).body.dialogs.length;
      expect(inB.started).toBe(bDialogs);
      // Each project counts its own dialogs only (both have the same kinds of dialogs, so counts tell).
      const inA = (await adminA.get(`/api/v1/operator/stats${q}`)).body;
      expect(inA.started).toBeGreaterThan(inB.started);
    },
  },
};

/** A's endpoint (with one delivery) used by B's admin answers like a missing one; A's admin succeeds. */
async function webhookCheck(run: (c: OperatorClient, ep: { id: string; delivery: string }) => Promise<HttpResult>, compare = true): Promise<void> {
  const made = await adminA.post('/api/v1/operator/webhooks', { url: 'https://example.com/hook', events: ['lead.created'] });
  expect(made.status).toBe(201);
  const id = made.body.endpoint.id as string;
  const delivery = (await adminA.post(`/api/v1/operator/webhooks/${id}/test`, {})).body.delivery.id as string;
  const ep = { id, delivery };
  if (compare) expectSame(await run(adminB, ep), await run(adminB, { id: MISSING.dialog, delivery: MISSING.dialog }), 'webhooks');
  else await run(adminB, ep);
  expect((await run(adminA, ep)).status).toBeLessThan(300);
}

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  B = (await owner.post('/api/v1/operator/projects', { name: 'Project B', locale: 'en' })).body.project.id;
  adminA = (await createOperator(owner, { email: 'admin-a@x.test', role: 'admin' })).client;
  adminB = (await createOperator(owner.in(B), { email: 'admin-b@x.test', role: 'admin' })).client;
  a = await resources('demo', adminA);
  b = await resources(B, adminB);
}, 120_000);
afterAll(async () => {
  await srv?.stop();
});

const specs = Object.entries(ROUTES) as [keyof typeof ROUTES, RouteSpec][];

describe('cross-project isolation: every route of the table', () => {
  it('has a case for every route', () => {
    expect(Object.keys(CHECKS).sort()).toEqual(specs.map(([name]) => name).sort());
  });

  it('every project-scoped route: a project one is not a member of is answered like one that does not exist', async () => {
    for (const [name, spec] of specs) {
      if (spec.scope !== 'project' || spec.websocket) continue;
      const check = CHECKS[name];
      const body = 'body' in check && check.body ? check.body(MISSING) : undefined;
      const foreign = await call(adminB.in('demo'), spec, MISSING, body);
      const missing = await call(adminB.in(MISSING.project), spec, MISSING, body);
      expectSame(foreign, missing, name);
      expect(foreign.body.error.code, name).toBe('unknown_project');
    }
  });

  for (const [name, spec] of specs) {
    const check = CHECKS[name];
    if (check.kind === 'none') {
      it(`${name}: ${check.why}`, () => {
        expect(check.why.length).toBeGreaterThan(0);
      });
      continue;
    }
    it(`${name} (${spec.method.toUpperCase()} ${spec.path})`, async () => {
      if (check.kind === 'custom') return check.run();
      if (check.kind === 'own') {
        // Acts on B only, whatever it is sent: nothing of A changes.
        const before = (await adminA.get('/api/v1/operator/project')).body;
        const r = await call(adminB, spec, b, check.body?.(b));
        expect(r.status, name).toBeLessThan(300);
        expect(JSON.stringify(r.body)).not.toContain(a.dialog);
        expect((await adminA.get('/api/v1/operator/project')).body.settings).toEqual(before.settings);
        return;
      }
      if (check.kind === 'list') {
        const path = pathOf(spec, MISSING) + (check.query ?? '');
        const foreign = JSON.stringify((await adminB.get(path)).body);
        const own = JSON.stringify((await adminA.get(path)).body);
        const aIds = [a.dialog, a.template, a.lead, a.operator, a.secret, a.group, a.tag, a.visitor, 'demo'];
        for (const id of aIds) expect(foreign, `${name} leaks ${id}`).not.toContain(id);
        expect(
          aIds.some((id) => own.includes(id)),
          `${name}: A's own list shows A's things`,
        ).toBe(true);
        return;
      }
      // ids: B's admin with A's ids gets what a missing id gets.
      const foreign = await call(adminB, spec, a, check.body?.(a));
      const missing = await call(adminB, spec, MISSING, check.body?.(MISSING));
      expectSame(foreign, missing, name);
      // ... and A's admin, with fresh things of A, gets the real thing.
      const fresh = await resources('demo', adminA);
      await check.before?.(adminA, fresh);
      const own = await call(adminA, spec, fresh, check.body?.(fresh));
      expect(own.status, `${name} for A's own admin: ${JSON.stringify(own.body)}`).toBeLessThan(300);
    });
  }

  it('assign: an operator of A is no assignee in B, exactly like one that does not exist', async () => {
    const r = (operatorId: string) => adminB.post(`/api/v1/operator/dialogs/${b.dialog}/assign`, { operatorId });
    expectSame(await r(a.operator), await r(MISSING.operator), 'assign');
    expect((await r(b.operator)).status).toBe(200);
  });

  it("reply: A's files cannot be attached in B, exactly like files that do not exist", async () => {
    const r = (file: string) => adminB.post(`/api/v1/operator/dialogs/${b.dialog}/messages`, { clientId: clientId(), text: 'x', attachments: [file] });
    expectSame(await r(a.opFile), await r(MISSING.opFile), 'reply attachments');
  });
});

/** Frames of a visitor of B that carry A's things, against the same frames with things that do not exist. */
const VISITOR_FRAMES: Record<(typeof C)[keyof typeof C], ((ids: Ids) => Record<string, unknown>) | string> = {
  [C.Hello]: 'tested below: a token or identity of A is no token or identity in B',
  [C.Logout]: "no ids: ends this connection's own token",
  [C.Ping]: 'no ids',
  [C.MessageSend]: (ids) => ({ type: C.MessageSend, clientId: clientId(), text: 'x', attachments: [ids.file] }),
  [C.Typing]: 'no ids: goes to the dialog this connection follows',
  [C.Read]: (ids) => ({ type: C.Read, dialogId: ids.dialog, seq: 1 }),
  [C.RatingSubmit]: (ids) => ({ type: C.RatingSubmit, clientId: clientId(), dialogId: ids.dialog, score: 5 }),
  [C.OfflineFormSubmit]: "no ids: makes a lead in this connection's project",
  [C.PreChatSubmit]: "no ids: this visitor's own name, email, phone and consent",
  [C.CallbackRequest]: "no ids: makes a lead in this connection's project",
  [C.ParamsSet]: "no ids: this visitor's own parameters",
  [C.PageView]: "no ids: this visitor's own page",
  [C.HistoryFetch]: (ids) => ({ type: C.HistoryFetch, dialogId: ids.dialog, before: 10 }),
  [C.EventTrack]: "no ids: recorded on this connection's own visitor",
};

const OPERATOR_FRAMES: Record<(typeof OC)[keyof typeof OC], ((ids: Ids) => Record<string, unknown>) | string> = {
  [OC.Typing]: (ids) => ({ type: OC.Typing, dialogId: ids.dialog, typing: true }),
  [OC.Ping]: 'no ids',
};

/** The reply to `frame` (by its clientId, else the next error), with volatile fields dropped. */
async function answer(
  s: { send(f: unknown): void; waitFor(p: (f: Frame) => boolean, t?: number): Promise<Frame> },
  frame: Record<string, unknown>,
): Promise<unknown> {
  s.send(frame);
  const id = frame.clientId;
  const f = await s.waitFor(
    (x) => (x.type === 'session.error' || x.type === 'message.ack' || x.type === 'request.ack') && (id === undefined || x.clientId === id),
  );
  const { clientId: _c, ...rest } = f;
  return rest;
}

describe('cross-project isolation: every visitor and operator frame', () => {
  it('has a case for every frame type', () => {
    expect(Object.keys(VISITOR_FRAMES).sort()).toEqual(Object.values(C).sort());
    expect(Object.keys(OPERATOR_FRAMES).sort()).toEqual(Object.values(OC).sort());
  });

  it("visitor frames of B naming A's dialogs and files are answered like ones that do not exist", async () => {
    const v = await openVisitorSocket(srv.url, { project: B, token: b.visitorToken });
    await v.welcome;
    for (const [type, make] of Object.entries(VISITOR_FRAMES)) {
      if (typeof make === 'string') continue;
      const foreign = await answer(v, make(a));
      const missing = await answer(v, make(MISSING));
      expect(foreign, type).toEqual(missing);
      expect(foreign, type).toMatchObject({ type: 'session.error' });
    }
    await v.close();
  });

  it("hello: A's token in B is no token (a new anonymous visitor); A's identity proof is invalid in B", async () => {
    const asNew = await openVisitorSocket(srv.url, { project: B });
    const fresh = await asNew.welcome;
    const withA = await openVisitorSocket(srv.url, { project: B, token: a.visitorToken });
    const w = await withA.welcome;
    expect(w.token).not.toBe(a.visitorToken);
    expect({ visitor: w.visitor, dialog: w.dialog, sync: w.sync, cursor: w.cursor }).toEqual({
      visitor: fresh.visitor,
      dialog: fresh.dialog,
      sync: fresh.sync,
      cursor: fresh.cursor,
    });
    await Promise.all([asNew.close(), withA.close()]);

    const secretA = (await adminA.get('/api/v1/operator/project')).body.identityKeys as IdentityKeys;
    const user = `u-${clientId()}`;
    const foreign = await openVisitorSocket(srv.url, false);
    foreign.send({ type: 'session.hello', v: 1, project: B, device: DESKTOP_CHROME, identity: { id: user, signature: sign(secretA, user) } });
    const forged = await openVisitorSocket(srv.url, false);
    forged.send({ type: 'session.hello', v: 1, project: B, device: DESKTOP_CHROME, identity: { id: user, signature: sign('not-a-secret', user) } });
    expect(await foreign.next('session.error')).toEqual(await forged.next('session.error'));
  });

  it("operator frames of B's console naming A's dialogs are answered like ones that do not exist", async () => {
    const s = await openOperatorSocket(srv.url, adminB);
    await s.next('session.welcome');
    for (const [type, make] of Object.entries(OPERATOR_FRAMES)) {
      if (typeof make === 'string') continue;
      s.send(make(a));
      const foreign = await s.next('session.error');
      s.send(make(MISSING));
      const missing = await s.next('session.error');
      expect(foreign, type).toEqual(missing);
    }
    await s.close();
    // A's console hears nothing of what happens in B.
    const sa = await openOperatorSocket(srv.url, adminA);
    const self = (await sa.next('session.welcome')).operator.id as string;
    const v = await openVisitorSocket(srv.url, { project: B, token: b.visitorToken });
    await v.welcome;
    await sendMessage(v, 'in B only');
    const sb = await openOperatorSocket(srv.url, adminB);
    await sb.next('session.welcome');
    await sendMessage(v, 'in B again');
    await sb.waitFor((f) => f.type === 'dialog.event' && f.event.message?.text === 'in B again');
    // (Its own presence, announced to its own project when it connected, is about A.)
    expect(sa.frames.filter((f) => f.type !== 'session.welcome' && !(f.type === 'operator.presence' && f.operatorId === self))).toEqual([]);
    await Promise.all([v.close(), sa.close(), sb.close()]);
  });
});
