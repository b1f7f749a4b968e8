/** The operator API of issue 14: per-operator reads, session check, team data, visitor card, filters, texts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOperator,
  loginOperator,
  openOperatorSocket,
  openVisitorSocket,
  sendMessage,
  startServer,
  type OperatorClient,
  type RunningServer,
} from './harness';

let srv: RunningServer;
let owner: OperatorClient;

beforeAll(async () => {
  srv = await startServer({ env: { PARLEY_TRUST_PROXY: '1' } });
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
});
afterAll(async () => {
  await srv?.stop();
});

describe('issue 14 operator API', () => {
  it('answers the session check with 200 whether signed in or not', async () => {
    const anon = await fetch(`${srv.url}/api/v1/operator/auth/session`);
    expect(anon.status).toBe(200);
    expect(await anon.json()).toEqual({ operator: null });
    const me = await owner.get('/api/v1/operator/auth/session');
    expect(me.body.operator.email).toBe(srv.ownerEmail);
    expect(me.body.operator.prefs).toEqual({ newChatSound: false, newChatTitle: false, welcomed: false });
  });

  it('keeps unread per operator and says a taken email is taken', async () => {
    const anna = await createOperator(owner, { email: 'anna@example.com', name: 'Anna' });
    const dup = await owner.post('/api/v1/operator/operators', { email: 'ANNA@example.com', name: 'Anna 2', password: 'password-123', role: 'operator' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'email_taken', fields: ['email'] });
    const v = await openVisitorSocket(srv.url, {});
    await v.welcome;
    const ack = await sendMessage(v, 'one');
    const id = ack.dialogId as string;
    await owner.post(`/api/v1/operator/dialogs/${id}/read`, { seq: ack.seq });
    const mine = (await owner.get(`/api/v1/operator/dialogs/${id}`)).body.dialog.unread;
    const hers = (await anna.client.get(`/api/v1/operator/dialogs/${id}`)).body.dialog.unread;
    expect([mine, hers]).toEqual([0, 1]);
    // Live frames carry each console's own count.
    const sock = await openOperatorSocket(srv.url, anna.client);
    await sendMessage(v, 'two');
    const upd = await sock.waitFor((f) => f.type === 'dialog.updated' && f.dialog.id === id && f.dialog.unread === 2);
    expect(upd.dialog.unread).toBe(2);
    await sock.close();
    await v.close();
  });

  it('locates visitors from the local GeoIP database, edits the card, blocks and unblocks', async () => {
    const v = await openVisitorSocket(srv.url, {}, { headers: { 'x-forwarded-for': '90.66.0.1' } });
    await v.welcome;
    const id = (await sendMessage(v, 'hi from Lyon')).dialogId as string;
    const d = (await owner.get(`/api/v1/operator/dialogs/${id}`)).body;
    expect(d.visitor.location).toEqual({ countryCode: 'FR', region: 'Rhone-Alpes', city: 'Lyon', timeZone: 'Europe/Paris' });
    const r = await owner.patch(`/api/v1/operator/dialogs/${id}/visitor`, { name: 'Camille', email: 'c@example.fr', phone: null, note: 'VIP' });
    expect(r.status).toBe(200);
    expect(r.body.visitor).toMatchObject({ name: 'Camille', email: 'c@example.fr', phone: null, note: 'VIP' });
    expect((await owner.patch(`/api/v1/operator/dialogs/${id}/visitor`, { email: 'not an email' })).status).toBe(400);
    expect((await owner.put(`/api/v1/operator/dialogs/${id}/visitor/block`, { blocked: true })).body.visitor.blocked).toBe(true);
    const refused = await sendMessage(v, 'blocked?');
    expect(refused).toMatchObject({ type: 'session.error', code: 'visitor_blocked' });
    const list = await owner.get('/api/v1/operator/blocked-visitors');
    expect(list.body.visitors.map((x: { name: string }) => x.name)).toEqual(['Camille']);
    expect((await owner.delete(`/api/v1/operator/blocked-visitors/${d.visitor.id}`)).status).toBe(204);
    expect((await sendMessage(v, 'back')).type).toBe('message.ack');
    await v.close();
  });

  it('filters lists by visitor name, email, phone, group and close status', async () => {
    const g = await owner.post('/api/v1/operator/groups', { name: 'Billing', operatorIds: [] });
    expect(g.status).toBe(201);
    const op = await createOperator(owner, { email: 'oleg@example.com' });
    expect((await op.client.post('/api/v1/operator/groups', { name: 'Nope' })).status).toBe(403);
    expect((await op.client.put('/api/v1/operator/tags/vip', { name: 'vip', color: '#ff0000' })).status).toBe(403);
    expect((await owner.put('/api/v1/operator/tags/vip', { name: 'vip', color: '#ff0000' })).body.tags).toEqual([{ name: 'vip', color: '#ff0000' }]);
    await owner.patch('/api/v1/operator/project', {
      settings: { routing: [{ groupId: g.body.group.id, channels: [], pages: { enabled: true, rules: '/billing*' } }] },
    });
    const v = await openVisitorSocket(srv.url, { page: { url: 'https://shop.example/billing/42' } });
    await v.welcome;
    const id = (await sendMessage(v, 'invoice question')).dialogId as string;
    await owner.patch(`/api/v1/operator/dialogs/${id}/visitor`, { name: 'Xavier Filter', email: 'xf@example.com', phone: '+1 555 0100' });
    const ids = async (q: string) => (await owner.get(`/api/v1/operator/dialogs?view=all&${q}`)).body.dialogs.map((x: { id: string }) => x.id);
    expect(await ids('name=xavier')).toEqual([id]);
    expect(await ids('email=XF%40')).toEqual([id]);
    expect(await ids('phone=555%200100')).toEqual([id]);
    expect(await ids(`groupId=${g.body.group.id}`)).toEqual([id]);
    expect(await ids('name=nobody')).toEqual([]);
    // A pre-chat choice (or setCustomParams) naming a group wins over the rules.
    const other = await owner.post('/api/v1/operator/groups', { name: 'Sales', operatorIds: [] });
    const chose = await openVisitorSocket(srv.url, { page: { url: 'https://shop.example/billing/7' }, params: { group: 'sales' } });
    await chose.welcome;
    const chosen = (await sendMessage(chose, 'I want to buy')).dialogId as string;
    // Routing runs right after the commit that opened the dialog (the ack does not wait for it).
    await expect.poll(async () => (await owner.get(`/api/v1/operator/dialogs/${chosen}`)).body.dialog.groupId).toBe(other.body.group.id);
    await chose.close();
    await owner.post(`/api/v1/operator/dialogs/${id}/close`, { status: 'unresolved' });
    const closed = async (q: string) => (await owner.get(`/api/v1/operator/dialogs?view=resolved&${q}`)).body.dialogs.map((x: { id: string }) => x.id);
    expect(await closed('closeStatus=unresolved&name=xavier')).toEqual([id]);
    expect(await closed('closeStatus=spam&name=xavier')).toEqual([]);
    await v.close();
  });

  it('refuses overrides of texts that do not exist', async () => {
    const bad = await owner.patch('/api/v1/operator/project', { settings: { texts: { defaultLocale: 'en', overrides: { en: { 'launcher.label': 'x' } } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'unknown_text', fields: ['settings.texts.overrides.en.launcher.label'] });
    const ok = await owner.patch('/api/v1/operator/project', {
      settings: { texts: { defaultLocale: 'en', overrides: { en: { 'composer.send': 'Go', 'multiwidget.button': 'Talk to us' } } } },
    });
    expect(ok.status).toBe(200);
  });
});
