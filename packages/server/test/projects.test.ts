import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOperator,
  loginOperator,
  openOperatorSocket,
  openVisitorSocket,
  sendMessage,
  startServer,
  uploadAsVisitor,
  type OperatorClient,
  type RunningServer,
} from './harness';
import { png } from './fixtures';

let srv: RunningServer;
let owner: OperatorClient;
beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
});
afterAll(async () => {
  await srv?.stop();
});

async function newProject(name: string): Promise<string> {
  const r = await owner.post('/api/v1/operator/projects', { name, locale: 'en' });
  expect(r.status).toBe(201);
  return r.body.project.id as string;
}

describe('a workspace holds many projects', () => {
  it('the owner creates a project with an unguessable id, its own settings, secret and snippet config', async () => {
    const id = await newProject('Shop Two');
    expect(id).toMatch(/^shop-two-[a-z0-9]{12}$/);
    const list = (await owner.get('/api/v1/operator/projects')).body.projects;
    expect(list.map((p: { id: string }) => p.id)).toEqual(['demo', id]);
    expect(list[1]).toMatchObject({ name: 'Shop Two', role: 'owner', unread: 0 });

    const demo = (await owner.get('/api/v1/operator/project')).body;
    const mine = (await owner.in(id).get('/api/v1/operator/project')).body;
    expect(demo.id).toBe('demo');
    expect(mine).toMatchObject({ id, name: 'Shop Two' });
    expect(mine.identityKeys.hmac).toMatch(/^hmac_[0-9a-f]{64}$/);
    expect(mine.identityKeys.hmac).not.toBe(demo.identityKeys.hmac);
    expect(mine.secret).toBeUndefined();
    // The demo's channels and templates are the demo's.
    expect(mine.settings.multiwidget.channels.map((c: { kind: string }) => c.kind)).toEqual(['chat']);
    expect((await owner.get('/api/v1/operator/templates')).body.templates.length).toBeGreaterThan(0);
    expect((await owner.in(id).get('/api/v1/operator/templates')).body.templates).toEqual([]);

    const cfg = await fetch(`${srv.url}/api/v1/widget/projects/${id}/config`);
    expect(cfg.status).toBe(200);
    expect((await cfg.json()).name).toBe('Shop Two');

    const renamed = await owner.patch(`/api/v1/operator/projects/${id}`, { name: 'Shop 2' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.project.name).toBe('Shop 2');
    expect((await (await fetch(`${srv.url}/api/v1/widget/projects/${id}/config`)).json()).name).toBe('Shop 2');
  });

  it('operators belong to one or more projects; a project they are not in is answered like one that does not exist', async () => {
    const b = await newProject('Agency client');
    const adminB = await createOperator(owner.in(b), { email: 'admin-b@x.test', role: 'admin' });
    // Their only project is their default.
    const unscoped = await loginOperator(srv.url, 'admin-b@x.test', 'operator-password-1');
    expect((await unscoped.get('/api/v1/operator/project')).body.id).toBe(b);
    const foreign = await adminB.client.in('demo').get('/api/v1/operator/dialogs?view=new');
    const missing = await adminB.client.in('no-such-project').get('/api/v1/operator/dialogs?view=new');
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(foreign.body.error.code).toBe('unknown_project');

    // Someone of the demo project joins b with their existing account (and keeps their password).
    // An admin of b alone cannot pull them in: to them the email is simply taken.
    const shared = await createOperator(owner, { email: 'shared@x.test', password: 'shared-password-1' });
    const pulled = await adminB.client.post('/api/v1/operator/operators', { email: 'shared@x.test', name: 'Shared', role: 'operator' });
    expect(pulled.status).toBe(409);
    expect(pulled.body.error.fields).toEqual(['email']);
    const added = await owner.in(b).post('/api/v1/operator/operators', { email: 'shared@x.test', name: 'Shared', role: 'operator' });
    expect(added.status).toBe(201);
    expect(added.body.operator).toMatchObject({ id: shared.id, role: 'operator' });
    const again = await owner.in(b).post('/api/v1/operator/operators', { email: 'shared@x.test', name: 'Shared', role: 'operator' });
    expect(again.status).toBe(409);
    const noPassword = await adminB.client.post('/api/v1/operator/operators', { email: 'new-person@x.test', name: 'New', role: 'operator' });
    expect(noPassword.body.error).toMatchObject({ code: 'bad_request', fields: ['password'] });
    await loginOperator(srv.url, 'shared@x.test', 'shared-password-1');
    const theirs = (await shared.client.get('/api/v1/operator/projects')).body.projects;
    expect(theirs.map((p: { id: string; role: string }) => [p.id, p.role])).toEqual([
      ['demo', 'operator'],
      [b, 'operator'],
    ]);

    // An admin of b cannot take over an account that also works elsewhere; the owner can.
    const takeover = await adminB.client.patch(`/api/v1/operator/operators/${shared.id}`, { password: 'taken-over-1' });
    expect(takeover.status).toBe(403);
    expect((await adminB.client.patch(`/api/v1/operator/operators/${shared.id}`, { email: 'x@evil.test' })).status).toBe(403);
    expect((await adminB.client.patch(`/api/v1/operator/operators/${shared.id}`, { role: 'operator' })).status).toBe(200);
    expect((await owner.in(b).patch(`/api/v1/operator/operators/${shared.id}`, { name: 'Shared Person' })).status).toBe(200);

    // Removed from b, they stay in demo; removed from their last project, the account is closed.
    expect((await adminB.client.delete(`/api/v1/operator/operators/${shared.id}`)).status).toBe(204);
    expect((await shared.client.get('/api/v1/operator/projects')).body.projects.map((p: { id: string }) => p.id)).toEqual(['demo']);
    expect((await owner.delete(`/api/v1/operator/operators/${shared.id}`)).status).toBe(204);
    expect((await shared.client.get('/api/v1/operator/me')).status).toBe(401);
  });

  it('only the workspace owner and the admins the owner names create, rename and delete projects', async () => {
    const c = await newProject('Third');
    const adminC = await createOperator(owner.in(c), { email: 'admin-c@x.test', role: 'admin' });
    expect((await adminC.client.post('/api/v1/operator/projects', { name: 'Mine' })).status).toBe(403);
    expect((await adminC.client.patch(`/api/v1/operator/projects/${c}`, { name: 'X' })).status).toBe(403);
    expect((await adminC.client.delete(`/api/v1/operator/projects/${c}`)).status).toBe(403);
    // Only the owner names workspace admins.
    expect((await adminC.client.patch(`/api/v1/operator/operators/${adminC.id}`, { workspaceAdmin: true })).status).toBe(403);
    const named = await owner.in(c).patch(`/api/v1/operator/operators/${adminC.id}`, { workspaceAdmin: true });
    expect(named.status).toBe(200);
    expect(named.body.operator.workspaceRole).toBe('admin');
    const fresh = await loginOperator(srv.url, 'admin-c@x.test', 'operator-password-1');
    const made = await fresh.post('/api/v1/operator/projects', { name: 'Made by an admin' });
    expect(made.status).toBe(201);
    // A workspace admin is an admin of every project, old and new.
    const roles = (await fresh.get('/api/v1/operator/projects')).body.projects.map((p: { role: string }) => p.role);
    expect(new Set(roles)).toEqual(new Set(['admin']));
    expect(roles.length).toBeGreaterThanOrEqual(3);
    const ownerSees = (await owner.get('/api/v1/operator/projects')).body.projects.find((p: { id: string }) => p.id === made.body.project.id);
    expect(ownerSees.role).toBe('owner');
  });

  it('deleting a project removes everything in it and ends its widgets', async () => {
    const d = await newProject('Short lived');
    const v = await openVisitorSocket(srv.url, { project: d });
    const welcome = await v.welcome;
    expect((await sendMessage(v, 'hello')).type).toBe('message.ack');
    const up = await uploadAsVisitor(srv.url, welcome.token, png(4, 4), { type: 'image/png', name: 'a.png', project: d });
    expect(up.status).toBe(201);
    const fileOnDisk = join(srv.dataDir, 'files', up.body.upload.id);
    expect(existsSync(fileOnDisk)).toBe(true);
    const onlyD = await createOperator(owner.in(d), { email: 'only-d@x.test' });

    expect((await owner.delete(`/api/v1/operator/projects/${d}`)).status).toBe(204);
    expect(await v.next('session.error')).toMatchObject({ code: 'unknown_project', fatal: true });
    expect((await fetch(`${srv.url}/api/v1/widget/projects/${d}/config`)).status).toBe(404);
    expect(existsSync(fileOnDisk)).toBe(false);
    expect((await owner.get('/api/v1/operator/projects')).body.projects.map((p: { id: string }) => p.id)).not.toContain(d);
    expect((await onlyD.client.get('/api/v1/operator/projects')).body.projects).toEqual([]);
    expect((await onlyD.client.get('/api/v1/operator/dialogs?view=new')).body.error.code).toBe('unknown_project');
    expect((await owner.delete(`/api/v1/operator/projects/${d}`)).status).toBe(404);
  });

  it("the console hears other projects' unread counts and is online for all of its projects", async () => {
    const e = await newProject('Other site');
    const ops = await openOperatorSocket(srv.url, owner);
    await ops.next('session.welcome');
    const v = await openVisitorSocket(srv.url, { project: e });
    const welcome = await v.welcome;
    // The owner's console (showing demo) makes someone reachable on this site too.
    expect(welcome.presence.operatorsOnline).toBe(true);
    await sendMessage(v, 'anyone there?');
    expect(await ops.waitFor((f) => f.type === 'project.unread' && f.projectId === e)).toMatchObject({ unread: 1 });
    const row = (await owner.get('/api/v1/operator/projects')).body.projects.find((p: { id: string }) => p.id === e);
    expect(row.unread).toBe(1);
    // Nothing of that dialog itself reaches a console showing another project.
    expect(ops.frames.some((f) => f.type === 'dialog.updated' || f.type === 'dialog.event')).toBe(false);
    await ops.close();
    await v.close();
  });
});

describe('accounts', () => {
  it("the owner's email is changeable with the current password", async () => {
    const op = await createOperator(owner, { email: 'mover@x.test', password: 'mover-password-1' });
    const wrong = await op.client.patch('/api/v1/operator/me', { email: 'moved@x.test', currentPassword: 'nope-nope' });
    expect(wrong.body.error).toMatchObject({ code: 'bad_request', fields: ['currentPassword'] });
    const taken = await op.client.patch('/api/v1/operator/me', { email: srv.ownerEmail, currentPassword: 'mover-password-1' });
    expect(taken.status).toBe(409);

    const r = await owner.patch('/api/v1/operator/me', { email: 'boss@x.test', currentPassword: srv.ownerPassword });
    expect(r.status).toBe(200);
    expect(r.body.operator).toMatchObject({ email: 'boss@x.test', role: 'owner', workspaceRole: 'owner' });
    await expect(loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword)).rejects.toThrow(/401/);
    await loginOperator(srv.url, 'boss@x.test', srv.ownerPassword);
    await owner.patch('/api/v1/operator/me', { email: srv.ownerEmail, currentPassword: srv.ownerPassword });
  });
});
