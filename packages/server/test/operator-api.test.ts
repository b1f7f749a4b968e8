import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientId,
  createOperator,
  loginOperator,
  openOperatorSocket,
  openVisitorSocket,
  projectSecret,
  sendMessage,
  startServer,
  type OperatorClient,
  type RunningServer,
} from './harness';

let srv: RunningServer;
let owner: OperatorClient;

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
});
afterAll(async () => {
  await srv?.stop();
});

async function newDialog(text = 'Hello') {
  const v = await openVisitorSocket(srv.url);
  await v.welcome;
  const ack = await sendMessage(v, text);
  return { v, dialogId: ack.dialogId as string };
}

describe('operator authentication', () => {
  it('needs a session; wrong passwords are 401; the cookie is httpOnly and SameSite=Strict', async () => {
    const anon = await fetch(`${srv.url}/api/v1/operator/dialogs?view=new`);
    expect(anon.status).toBe(401);
    expect((await anon.json()).error.code).toBe('unauthorized');
    const bad = await fetch(`${srv.url}/api/v1/operator/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: srv.ownerEmail, password: 'wrong-password' }),
    });
    expect(bad.status).toBe(401);
    const ok = await fetch(`${srv.url}/api/v1/operator/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: srv.ownerEmail.toUpperCase(), password: srv.ownerPassword }),
    });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect((await ok.json()).operator).toMatchObject({ email: srv.ownerEmail, role: 'owner' });
  });

  it('refuses state changes without JSON content type or the custom header, and from a foreign origin (CSRF)', async () => {
    const { dialogId, v } = await newDialog();
    const form = await fetch(`${srv.url}/api/v1/operator/dialogs/${dialogId}/take`, {
      method: 'POST',
      headers: { cookie: owner.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(403);
    const foreign = await fetch(`${srv.url}/api/v1/operator/dialogs/${dialogId}/take`, {
      method: 'POST',
      headers: { cookie: owner.cookie, 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const fine = await fetch(`${srv.url}/api/v1/operator/dialogs/${dialogId}/take`, {
      method: 'POST',
      headers: { cookie: owner.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(fine.status).toBe(200);
    await v.close();
  });

  it('logout ends the session', async () => {
    const c = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    expect((await c.post('/api/v1/operator/auth/logout')).status).toBe(204);
    expect((await c.get('/api/v1/operator/me')).status).toBe(401);
  });
});

describe('roles', () => {
  it('only the owner makes admins; admins make operators; operators make no one', async () => {
    const admin = await createOperator(owner, { email: `admin-${clientId()}@example.com`, role: 'admin' });
    const op = await createOperator(admin.client, { email: `op-${clientId()}@example.com`, role: 'operator' });
    const byAdmin = await admin.client.post('/api/v1/operator/operators', {
      email: `x-${clientId()}@example.com`,
      name: 'X',
      password: 'password-123',
      role: 'admin',
    });
    expect(byAdmin.status).toBe(403);
    const byOp = await op.client.post('/api/v1/operator/operators', {
      email: `y-${clientId()}@example.com`,
      name: 'Y',
      password: 'password-123',
      role: 'operator',
    });
    expect(byOp.status).toBe(403);
    // An admin cannot promote, nor touch another admin.
    expect((await admin.client.patch(`/api/v1/operator/operators/${op.id}`, { role: 'admin' })).status).toBe(403);
    expect((await owner.patch(`/api/v1/operator/operators/${op.id}`, { role: 'admin' })).status).toBe(200);
    expect((await admin.client.delete(`/api/v1/operator/operators/${op.id}`)).status).toBe(403);
    const dup = await owner.post('/api/v1/operator/operators', { email: srv.ownerEmail, name: 'Dup', password: 'password-123', role: 'operator' });
    expect(dup.status).toBe(409);
  });

  it('operators cannot assign, see only new and their own dialogs, and never the secret', async () => {
    const a = await createOperator(owner, { email: `a-${clientId()}@example.com` });
    const b = await createOperator(owner, { email: `b-${clientId()}@example.com` });
    const { dialogId, v } = await newDialog('Need help');
    expect((await a.client.post(`/api/v1/operator/dialogs/${dialogId}/assign`, { operatorId: a.id })).status).toBe(403);
    expect((await a.client.get('/api/v1/operator/dialogs?view=all')).status).toBe(403);
    const fresh = await a.client.get('/api/v1/operator/dialogs?view=new');
    expect(fresh.body.dialogs.map((d: any) => d.id)).toContain(dialogId);
    expect((await a.client.post(`/api/v1/operator/dialogs/${dialogId}/take`)).status).toBe(200);
    expect((await a.client.get('/api/v1/operator/dialogs?view=mine')).body.dialogs.map((d: any) => d.id)).toContain(dialogId);
    // Taken by A: B can neither read nor take it, and it answers as if it did not exist.
    expect((await b.client.get(`/api/v1/operator/dialogs/${dialogId}`)).status).toBe(404);
    expect((await b.client.post(`/api/v1/operator/dialogs/${dialogId}/take`)).status).toBe(404);
    expect((await b.client.get('/api/v1/operator/dialogs?view=new')).body.dialogs.map((d: any) => d.id)).not.toContain(dialogId);
    // The owner reassigns to B.
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/assign`, { operatorId: b.id })).body.dialog.assignee.id).toBe(b.id);
    expect((await b.client.get(`/api/v1/operator/dialogs/${dialogId}`)).status).toBe(200);
    // Settings: readable, the secret only for admins; not writable by operators.
    const proj = await a.client.get('/api/v1/operator/project');
    expect(proj.status).toBe(200);
    expect(proj.body.identityKeys).toBeUndefined();
    expect(proj.body.secret).toBeUndefined();
    const own = (await owner.get('/api/v1/operator/project')).body;
    expect(own.identityKeys).toEqual({ hmac: expect.stringMatching(/^hmac_[0-9a-f]{64}$/), jwt: expect.stringMatching(/^jwt_[0-9a-f]{64}$/) });
    expect(own.secret).toBeUndefined();
    expect((await a.client.patch('/api/v1/operator/project', { name: 'Hijacked' })).status).toBe(403);
    await v.close();
  });
});

describe('dialog work', () => {
  it('notes never reach the visitor; replies, tags, read marks and close do', async () => {
    const { dialogId, v } = await newDialog('Where is my parcel?');
    const note = await owner.post(`/api/v1/operator/dialogs/${dialogId}/notes`, { text: 'VIP customer, be nice' });
    expect(note.status).toBe(201);
    // Looking into a chat one neither holds nor answered is not "Read" for the visitor...
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/read`, { seq: 2 });
    // ...the assignee reading it is.
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/take`, {});
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/read`, { seq: 2 });
    const r = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId('op'), text: 'It ships today' });
    expect(r.status).toBe(201);
    // Frames arrive in order, so once the reply is here an earlier note would have been too.
    await v.waitFor((f) => f.type === 'message.new' && f.message.text === 'It ships today');
    expect(JSON.stringify(v.frames)).not.toContain('VIP customer');
    expect(await v.next('read.update')).toMatchObject({ dialogId, seq: 2 });
    expect(v.frames.filter((f) => f.type === 'read.update')).toHaveLength(1);

    const tags = await owner.put(`/api/v1/operator/dialogs/${dialogId}/tags`, { tags: ['delivery', 'vip'] });
    expect(tags.body.dialog.tags).toEqual(['delivery', 'vip']);
    const tl = await owner.get(`/api/v1/operator/dialogs/${dialogId}/timeline`);
    expect(tl.body.notes.map((n: any) => n.text)).toEqual(['VIP customer, be nice']);
    expect(tl.body.events.map((e: any) => e.kind)).toEqual(['opened', 'assigned']);

    const closed = await owner.post(`/api/v1/operator/dialogs/${dialogId}/close`, { status: 'resolved' });
    expect(closed.body.dialog).toMatchObject({ status: 'closed', closeStatus: 'resolved' });
    await v.next('dialog.closed');
    const rid = clientId();
    v.send({ type: 'rating.submit', clientId: rid, dialogId, score: 2, comment: 'slow' });
    await v.next('request.ack');
    v.send({ type: 'rating.submit', clientId: clientId(), dialogId, score: 5 });
    expect((await v.next('session.error')).code).toBe('already_rated');
    const resolved = await owner.get('/api/v1/operator/dialogs?view=resolved&rating=2&tag=vip');
    expect(resolved.body.dialogs.map((d: any) => d.id)).toEqual([dialogId]);
    const search = await owner.get(`/api/v1/operator/dialogs?view=resolved&q=${encodeURIComponent('PARCEL')}`);
    expect(search.body.dialogs.map((d: any) => d.id)).toContain(dialogId);
    await v.close();
  });

  it('templates: search by title and by text', async () => {
    const t = await owner.post('/api/v1/operator/templates', { title: 'Доставка', text: 'Курьер привезёт заказ завтра', shortcut: 'dostavka' });
    expect(t.status).toBe(201);
    const byTitle = await owner.get(`/api/v1/operator/templates?q=${encodeURIComponent('доставк')}`);
    expect(byTitle.body.templates.map((x: any) => x.id)).toEqual([t.body.template.id]);
    const byText = await owner.get(`/api/v1/operator/templates?q=${encodeURIComponent('КУРЬЕР')}`);
    expect(byText.body.templates.map((x: any) => x.id)).toEqual([t.body.template.id]);
    const all = await owner.get('/api/v1/operator/templates');
    expect(all.body.templates.length).toBeGreaterThan(1);
  });

  it('offline form and callback requests are stored as leads and pushed to consoles', async () => {
    const ops = await openOperatorSocket(srv.url, owner);
    await ops.next('session.welcome');
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const fid = clientId();
    v.send({ type: 'offline_form.submit', clientId: fid, name: 'Анна', phone: '+7 900 123-45-67', message: 'Перезвоните мне' });
    const ack = await v.next('request.ack');
    expect(ack).toMatchObject({ clientId: fid, kind: 'offline_form' });
    v.send({ type: 'offline_form.submit', clientId: fid, name: 'Анна', phone: '+7 900 123-45-67', message: 'Перезвоните мне' });
    expect((await v.next('request.ack')).id).toBe(ack.id);
    v.send({ type: 'offline_form.submit', clientId: clientId(), name: 'No message' });
    expect(await v.next('session.error')).toMatchObject({ code: 'bad_request' });
    const pushed = await ops.next('lead.new');
    expect(pushed.lead).toMatchObject({ id: ack.id, kind: 'offline_form', name: 'Анна', message: 'Перезвоните мне' });

    const cid = clientId();
    const cb = await fetch(`${srv.url}/api/v1/widget/projects/demo/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
      body: JSON.stringify({ clientId: cid, phone: '+33 6 12 34 56 78', preferredTime: '18:30' }),
    });
    expect(cb.status).toBe(201);
    expect(cb.headers.get('access-control-allow-origin')).toBe('*');
    const leads = await owner.get('/api/v1/operator/leads?kind=callback');
    expect(leads.body.leads[0]).toMatchObject({ kind: 'callback', phone: '+33 6 12 34 56 78', preferredTime: '18:30', status: 'new' });
    await v.close();
    await ops.close();
  });
});

describe('console socket and files', () => {
  it("operators get dialog updates and events of what they may see, not of colleagues' dialogs", async () => {
    const a = await createOperator(owner, { email: `sa-${clientId()}@example.com` });
    const b = await createOperator(owner, { email: `sb-${clientId()}@example.com` });
    const sa = await openOperatorSocket(srv.url, a.client);
    const sb = await openOperatorSocket(srv.url, b.client);
    expect((await sa.next('session.welcome')).operator.id).toBe(a.id);
    await sb.next('session.welcome');
    const { dialogId, v } = await newDialog('queue me');
    for (const s of [sa, sb]) {
      expect((await s.waitFor((f) => f.type === 'dialog.updated' && f.dialog.id === dialogId)).dialog).toMatchObject({
        status: 'open',
        assignee: null,
        unread: 1,
      });
      await s.waitFor((f) => f.type === 'dialog.event' && f.dialogId === dialogId && f.event.type === 'message.new');
    }
    await a.client.post(`/api/v1/operator/dialogs/${dialogId}/take`);
    // B learns it left the queue, then hears nothing more of it.
    await sb.waitFor((f) => f.type === 'dialog.updated' && f.dialog.id === dialogId && f.dialog.assignee?.id === a.id);
    v.send({ type: 'typing.update', typing: true, draft: 'I wonder' });
    await sendMessage(v, 'private now');
    await sa.waitFor((f) => f.type === 'typing.update' && f.dialogId === dialogId && f.by === 'visitor' && f.draft === 'I wonder');
    await sa.waitFor((f) => f.type === 'dialog.event' && f.event.type === 'message.new' && f.event.message.text === 'private now');
    const { v: v2 } = await newDialog('marker for B');
    await sb.waitFor((f) => f.type === 'dialog.event' && f.event.type === 'message.new' && f.event.message.text === 'marker for B');
    expect(JSON.stringify(sb.frames)).not.toContain('private now');
    expect(JSON.stringify(sb.frames)).not.toContain('I wonder');
    // Operator typing reaches the visitor with the operator's public card.
    sa.send({ type: 'typing.update', dialogId, typing: true });
    expect((await v.next('typing.update')).operator).toMatchObject({ id: a.id });
    await Promise.all([v.close(), v2.close(), sa.close(), sb.close()]);
  });

  it("visitor read marks reach the operators live, capped at the dialog's last seq, and only for the visitor's own dialog", async () => {
    const so = await openOperatorSocket(srv.url, owner);
    const { dialogId, v } = await newDialog('did you read it?');
    const { v: other } = await newDialog('someone else');
    try {
      await so.next('session.welcome');
      const reply = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'yes' });
      expect(reply.status).toBe(201);
      const seq = (await v.waitFor((f) => f.type === 'message.new' && f.message.author.kind === 'operator')).seq as number;
      v.send({ type: 'read.mark', dialogId, seq: seq + 50 });
      expect(await so.waitFor((f) => f.type === 'visitor.read' && f.dialogId === dialogId)).toEqual({ type: 'visitor.read', dialogId, seq });
      // Another visitor cannot mark this dialog read.
      other.send({ type: 'read.mark', dialogId, seq });
      expect((await other.next('session.error')).code).toBe('not_found');
    } finally {
      await Promise.all([v.close(), other.close(), so.close()]);
    }
  });

  it('operators attach uploaded files to replies; the visitor gets a link signed for them', async () => {
    const { dialogId, v } = await newDialog('send me the invoice');
    const up = await owner.upload('/api/v1/operator/uploads', Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), {
      type: 'application/pdf',
      name: 'invoice.pdf',
    });
    expect(up.status).toBe(201);
    expect(up.body.upload).toMatchObject({ kind: 'document', mime: 'application/pdf' });
    const r = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId('op'), text: '', attachments: [up.body.upload.id] });
    expect(r.status).toBe(201);
    const ev = await v.waitFor((f) => f.type === 'message.new' && f.message.author.kind === 'operator');
    expect(ev.message.clientId).toBeUndefined();
    const res = await fetch(srv.url + ev.message.attachments[0].url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    // Leads can be marked done.
    const leads = await owner.get('/api/v1/operator/leads');
    if (leads.body.leads.length > 0) {
      const done = await owner.patch(`/api/v1/operator/leads/${leads.body.leads[0].id}`, { status: 'done' });
      expect(done.body.lead.status).toBe('done');
    }
    await v.close();
  });
});

describe('real time', () => {
  it('notifications: assignment by an admin, then every visitor message of a chat assigned to you; unassigned chats notify no one', async () => {
    const op = await createOperator(owner, { email: `n-${clientId()}@example.com` });
    const sock = await openOperatorSocket(srv.url, op.client);
    await sock.next('session.welcome');
    const first = await newDialog('a new unassigned chat');
    await op.client.post(`/api/v1/operator/dialogs/${first.dialogId}/take`);
    await sendMessage(first.v, 'in the chat I took');
    const second = await newDialog('another new chat');
    await owner.post(`/api/v1/operator/dialogs/${second.dialogId}/assign`, { operatorId: op.id });
    await sendMessage(second.v, 'are you there?');
    await sock.waitFor((f) => f.type === 'notification.new' && f.body === 'are you there?');
    const got = sock.frames.filter((f) => f.type === 'notification.new').map((f) => [f.reason, f.dialogId, f.body]);
    expect(got).toEqual([
      ['message', first.dialogId, 'in the chat I took'],
      ['assigned', second.dialogId, 'another new chat'],
      ['message', second.dialogId, 'are you there?'],
    ]);
    // The owner who assigned hears nothing about it.
    const ownerSock = await openOperatorSocket(srv.url, owner);
    await ownerSock.next('session.welcome');
    await sendMessage(second.v, 'marker');
    await sock.waitFor((f) => f.type === 'notification.new' && f.body === 'marker');
    await ownerSock.waitFor((f) => f.type === 'dialog.event' && f.event.type === 'message.new' && f.event.message.text === 'marker');
    expect(ownerSock.frames.some((f) => f.type === 'notification.new')).toBe(false);
    await Promise.all([first.v.close(), second.v.close(), sock.close(), ownerSock.close()]);
  });

  it('presence and settings changes are pushed to widgets', async () => {
    const v = await openVisitorSocket(srv.url);
    const w = await v.welcome;
    expect(w.presence).toMatchObject({ scheduleOpen: true, nextChange: null });
    const wasOnline = w.presence.operatorsOnline as boolean;
    const ops = await openOperatorSocket(srv.url, owner);
    await ops.next('session.welcome');
    await owner.patch('/api/v1/operator/me', { status: 'online' });
    if (!wasOnline) expect(await v.next('presence.update')).toMatchObject({ operatorsOnline: true });
    await owner.patch('/api/v1/operator/me', { status: 'offline' });
    expect(await v.waitFor((f) => f.type === 'presence.update' && f.operatorsOnline === false)).toMatchObject({ scheduleOpen: true });
    await owner.patch('/api/v1/operator/me', { status: 'online' });
    await v.waitFor((f) => f.type === 'presence.update' && f.operatorsOnline === true);
    // The console closes: after the grace period nobody is online.
    await ops.close();
    await v.waitFor((f) => f.type === 'presence.update' && f.operatorsOnline === false);

    const cfg = await owner.get('/api/v1/operator/project');
    const patched = await owner.patch('/api/v1/operator/project', {
      settings: {
        appearance: { ...cfg.body.settings.appearance, color: '#ff0000' },
        schedule: { ...cfg.body.settings.schedule, alwaysOn: false, days: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } },
      },
    });
    expect(patched.status).toBe(200);
    const upd = await v.next('config.updated');
    expect(upd.configVersion).not.toBe(w.configVersion);
    expect(await v.waitFor((f) => f.type === 'presence.update' && f.scheduleOpen === false)).toMatchObject({ nextChange: null });
    const pub = await fetch(`${srv.url}/api/v1/widget/projects/demo/config`);
    // fetch asks for brotli: the compressed answer carries the weak form of the version tag (with presence in it).
    expect(pub.headers.get('etag')).toBe(`W/"${upd.configVersion}-00"`);
    expect(pub.headers.get('cache-control')).toBe('no-cache');
    const body = await pub.json();
    expect(body.appearance.color).toBe('#ff0000');
    // Presence rides along (and in the ETag): a page knows before any click whether anyone answers.
    expect(body.presence).toEqual({ operatorsOnline: false, scheduleOpen: false, nextChange: null });
    const keys = await projectSecret(owner);
    expect(JSON.stringify(body)).not.toContain(keys.hmac);
    expect(JSON.stringify(body)).not.toContain(keys.jwt);
    expect(body.retentionDays).toBeUndefined();
    expect(body.crmFields).toBeUndefined();
    const cached = await fetch(`${srv.url}/api/v1/widget/projects/demo/config`, { headers: { 'if-none-match': pub.headers.get('etag') ?? '' } });
    expect(cached.status).toBe(304);
    // An operator comes online: same settings, another ETag, and the fresh presence in the body.
    const ops2 = await openOperatorSocket(srv.url, owner);
    await v.waitFor((f) => f.type === 'presence.update' && f.operatorsOnline === true);
    const after = await fetch(`${srv.url}/api/v1/widget/projects/demo/config`, { headers: { 'if-none-match': pub.headers.get('etag') ?? '' } });
    expect(after.status).toBe(200);
    // Compressed again (fetch asks for brotli), so the weak form, as above.
    expect(after.headers.get('etag')).toBe(`W/"${upd.configVersion}-10"`);
    expect((await after.json()).presence).toMatchObject({ operatorsOnline: true, scheduleOpen: false });
    await ops2.close();
    // Invalid settings are refused with the field path.
    const bad = await owner.patch('/api/v1/operator/project', { settings: { retentionDays: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual(['settings.retentionDays']);
    await owner.patch('/api/v1/operator/project', { settings: { schedule: { ...cfg.body.settings.schedule } } });
    await v.close();
  });
});

describe('OpenAPI', () => {
  it('documents every operator and widget route', async () => {
    const doc = await (await fetch(`${srv.url}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/v1/operator/dialogs/{dialogId}/messages/{messageId}',
      '/api/v1/widget/uploads',
      '/api/v1/operator/templates',
      '/api/v1/files/{fileId}',
    ]) {
      expect(paths).toContain(p);
    }
    const send = doc.paths['/api/v1/operator/dialogs/{dialogId}/messages'].post;
    expect(send.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['clientId', 'text']));
    expect(send.security).toEqual([{ session: [] }]);
    expect(doc.paths['/api/v1/operator/dialogs'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['view', 'q', 'cursor']));
  });
});
