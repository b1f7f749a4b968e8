/**
 * Webhooks end to end (issue 16): a receiver on loopback (allowed with PARLEY_WEBHOOK_ALLOW) gets
 * every event type with a valid Parley-Signature; leads carry the transcript but never notes,
 * response times or the rating; a failing receiver is retried and then succeeds across a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, loginOperator, openVisitorSocket, sendMessage, startServer, type OperatorClient, type RunningServer } from './harness';
import { startReceiver, until, verifySignature, type Receiver } from './webhook-receiver';

let srv: RunningServer;
let owner: OperatorClient;
let rx: Receiver;
let endpoint: { id: string; secret: string };

// PARLEY_LEASE_MS: on PostgreSQL the SIGKILLed process's claims are waited out (SQLite releases them at start).
const ENV = { PARLEY_WEBHOOK_ALLOW: '127.0.0.1', PARLEY_WEBHOOK_RETRY_MS: '150', PARLEY_WEBHOOK_RETRY_CAP_MS: '300', PARLEY_LEASE_MS: '2000' };

beforeAll(async () => {
  rx = await startReceiver();
  srv = await startServer({ env: ENV });
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  const r = await owner.post('/api/v1/operator/webhooks', {
    url: rx.url,
    description: 'CRM',
    events: ['message.created', 'dialog.opened', 'dialog.closed', 'dialog.assigned', 'lead.created', 'rating.submitted', 'alert.raised'],
  });
  expect(r.status).toBe(201);
  endpoint = r.body.endpoint;
  expect(endpoint.secret).toMatch(/^whsec_/);
}, 60_000);

afterAll(async () => {
  await srv?.stop();
  await rx?.close();
});

describe('webhooks', () => {
  it('refuses private, loopback and reserved targets the allow-list does not name', async () => {
    for (const url of ['http://10.0.0.7/hook', 'http://192.168.1.1/x', 'http://localhost:9/x', 'http://[::1]:9/x', 'http://169.254.169.254/latest']) {
      const r = await owner.post('/api/v1/operator/webhooks', { url, events: ['lead.created'] });
      expect(r.status, url).toBe(400);
      expect(r.body.error, url).toMatchObject({ code: 'bad_request', fields: ['url'] });
    }
    expect((await owner.post('/api/v1/operator/webhooks', { url: 'ftp://example.com/x', events: ['lead.created'] })).status).toBe(400);
    expect((await owner.post('/api/v1/operator/webhooks', { url: 'https://example.com/x', events: ['no.such'] })).status).toBe(400);
  });

  it('sends every dialog event signed, and a CRM lead without notes, response times or rating', async () => {
    await owner.patch('/api/v1/operator/project', {
      settings: {
        crmFields: [
          { key: 'source', value: 'chat' },
          { key: 'pipeline', value: 'B2B' },
        ],
      },
    });
    const v = await openVisitorSocket(srv.url, { page: { url: 'https://shop.test/cart?utm_source=ads', title: 'Cart' }, params: { plan: 'gold' } });
    await v.welcome;
    const ack = await sendMessage(v, 'Where is my parcel?');
    const dialogId = ack.dialogId as string;
    const opened = await rx.waitFor((r) => r.body.type === 'dialog.opened' && r.body.data.dialog.id === dialogId);
    const created = await rx.waitFor((r) => r.body.type === 'message.created' && r.body.data.dialog.id === dialogId);
    expect(created.body.data.message.text).toBe('Where is my parcel?');
    expect(opened.body.data.reopened).toBe(false);

    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/take`)).status).toBe(200);
    const assigned = await rx.waitFor((r) => r.body.type === 'dialog.assigned' && r.body.data.dialog.id === dialogId);
    expect(assigned.body.data.operator.email).toBe(srv.ownerEmail);
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'It ships tomorrow.' });
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/notes`, { text: 'SECRET-NOTE: refund risk' });

    const lead = await owner.post(`/api/v1/operator/dialogs/${dialogId}/crm-leads`);
    expect(lead.status).toBe(201);
    expect(lead.body.lead).toMatchObject({ endpoints: 1 });
    const got = await rx.waitFor((r) => r.body.type === 'lead.created' && r.body.data.lead.dialogId === dialogId);
    const l = got.body.data.lead;
    expect(l.source).toBe('crm');
    expect(l.operator.email).toBe(srv.ownerEmail);
    expect(l.crmFields).toEqual({ source: 'chat', pipeline: 'B2B' });
    expect(l.customParams).toMatchObject({ plan: 'gold' });
    expect(l.pages.map((p: { url: string }) => p.url)).toContain('https://shop.test/cart?utm_source=ads');
    expect(l.transcript.map((x: { text: string }) => x.text)).toEqual(['Where is my parcel?', 'It ships tomorrow.']);
    expect(got.raw).not.toContain('SECRET-NOTE');
    expect(got.raw).not.toMatch(/rating|responseTime|"score"/);
    await until(async () => (await owner.get(`/api/v1/operator/dialogs/${dialogId}/crm-leads`)).body.leads[0]?.state === 'delivered');

    await owner.post(`/api/v1/operator/dialogs/${dialogId}/close`, { status: 'resolved' });
    const closed = await rx.waitFor((r) => r.body.type === 'dialog.closed' && r.body.data.dialog.id === dialogId);
    expect(closed.body.data).toMatchObject({ closeStatus: 'resolved', rating: null });
    await v.next('dialog.closed');
    v.send({ type: 'rating.submit', clientId: clientId(), dialogId, score: 2, comment: 'slow' });
    await v.next('request.ack');
    const rated = await rx.waitFor((r) => r.body.type === 'rating.submitted' && r.body.data.dialog.id === dialogId);
    expect(rated.body.data).toMatchObject({ score: 2, comment: 'slow' });
    const alert = await rx.waitFor((r) => r.body.type === 'alert.raised' && r.body.data.alert.dialogId === dialogId);
    expect(alert.body.data.alert).toMatchObject({ kind: 'low_rating', score: 2 });
    const alerts = await owner.get('/api/v1/operator/alerts');
    expect(alerts.body.alerts.filter((a: { kind: string }) => a.kind === 'low_rating')).toHaveLength(1);
    expect(alerts.body.unseen).toBeGreaterThanOrEqual(1);
    expect((await owner.post('/api/v1/operator/alerts/seen')).body.unseen).toBe(0);
    await v.close();

    // Offline form and callback requests are leads too.
    const cb = await fetch(`${srv.url}/api/v1/widget/projects/demo/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: clientId(), phone: '+15550100', name: 'Ann' }),
    });
    expect(cb.status).toBe(201);
    const cbLead = await rx.waitFor((r) => r.body.type === 'lead.created' && r.body.data.lead.source === 'callback');
    expect(cbLead.body.data.lead.contact).toMatchObject({ name: 'Ann', phone: '+15550100' });

    const now = Math.floor(Date.now() / 1000);
    for (const r of rx.received) {
      expect(verifySignature(r.headers['parley-signature'] as string, r.raw, endpoint.secret, now), r.body.type).toBe(true);
      expect(verifySignature(r.headers['parley-signature'] as string, r.raw, 'whsec_wrong', now)).toBe(false);
      expect(verifySignature(r.headers['parley-signature'] as string, `${r.raw} `, endpoint.secret, now)).toBe(false);
      expect(r.headers['parley-event-id']).toBe(r.body.id);
      expect(r.body.version).toBe(1);
      expect(r.body.projectId).toBe('demo');
    }
    // No lead anywhere carries a note.
    expect(rx.received.filter((r) => r.body.type === 'lead.created').every((r) => !r.raw.includes('SECRET-NOTE'))).toBe(true);
  });

  it('raises no alert for a rating of 4 or more', async () => {
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const dialogId = (await sendMessage(v, 'fine')).dialogId as string;
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/close`, { status: 'resolved' });
    await v.next('dialog.closed');
    v.send({ type: 'rating.submit', clientId: clientId(), dialogId, score: 4 });
    await v.next('request.ack');
    await rx.waitFor((r) => r.body.type === 'rating.submitted' && r.body.data.dialog.id === dialogId);
    await v.close();
    const alerts = (await owner.get('/api/v1/operator/alerts')).body.alerts;
    expect(alerts.filter((a: { dialogId: string | null }) => a.dialogId === dialogId)).toEqual([]);
    expect(rx.received.filter((r) => r.body.type === 'alert.raised' && r.body.data.alert.dialogId === dialogId)).toEqual([]);
  });

  it('keeps the journey: landing page, external referrer, UTM, pages before the first message, visits', async () => {
    const v = await openVisitorSocket(srv.url, {
      page: { url: 'https://shop.test/?utm_source=newsletter&utm_campaign=black-friday', title: 'Shop', referrer: 'https://news.example.org/issue-7' },
    });
    await v.welcome;
    v.send({ type: 'page.view', url: 'https://shop.test/pricing', title: 'Pricing', referrer: 'https://shop.test/' });
    v.send({ type: 'page.view', url: 'https://shop.test/pricing/team', title: 'Team plan' });
    const dialogId = (await sendMessage(v, 'Do you have a team discount?')).dialogId as string;
    v.send({ type: 'page.view', url: 'https://shop.test/checkout', title: 'Checkout' });
    await until(async () => (await owner.get(`/api/v1/operator/dialogs/${dialogId}`)).body.pages?.length === 4);
    const d = (await owner.get(`/api/v1/operator/dialogs/${dialogId}`)).body;
    expect(d.journey).toMatchObject({
      landingPage: 'https://shop.test/?utm_source=newsletter&utm_campaign=black-friday',
      referrer: 'https://news.example.org/issue-7',
      utm: { utm_source: 'newsletter', utm_campaign: 'black-friday' },
      visits: 1,
    });
    expect(d.journey.pagesBeforeFirstMessage.map((p: { title: string }) => p.title)).toEqual(['Shop', 'Pricing', 'Team plan']);
    const lead = await owner.post(`/api/v1/operator/dialogs/${dialogId}/crm-leads`);
    expect(lead.status).toBe(201);
    const got = await rx.waitFor((r) => r.body.type === 'lead.created' && r.body.data.lead.dialogId === dialogId);
    expect(got.body.data.lead).toMatchObject({
      landingPage: d.journey.landingPage,
      referrer: 'https://news.example.org/issue-7',
      utm: { utm_source: 'newsletter' },
    });
    await v.close();
  });

  it('documents every event in the OpenAPI webhooks section', async () => {
    const doc = await (await fetch(`${srv.url}/api/v1/openapi.json`)).json();
    expect(Object.keys(doc.webhooks).sort()).toEqual([
      'alert.raised',
      'dialog.assigned',
      'dialog.closed',
      'dialog.opened',
      'lead.created',
      'message.created',
      'rating.submitted',
    ]);
    const lead = doc.webhooks['lead.created'].post.requestBody.content['application/json'].schema.properties.data;
    expect(Object.keys(lead.properties.lead.properties)).toEqual(expect.arrayContaining(['transcript', 'crmFields', 'operator', 'pages', 'referrer']));
    expect(doc.paths['/api/v1/operator/webhooks'].post).toBeDefined();
  });

  it('keeps a delivery log with Resend and Send test event', async () => {
    const test = await owner.post(`/api/v1/operator/webhooks/${endpoint.id}/test`);
    expect(test.status).toBe(201);
    const t = await rx.waitFor((r) => r.body.type === 'webhook.test');
    const log = await until(async () => {
      const l = (await owner.get(`/api/v1/operator/webhooks/${endpoint.id}/deliveries`)).body.deliveries;
      return l[0]?.status === 'delivered' ? l : undefined;
    });
    expect(log[0]).toMatchObject({ eventType: 'webhook.test', status: 'delivered', attempts: 1, responseCode: 200 });
    expect(log.length).toBeGreaterThan(5);
    const again = await owner.post(`/api/v1/operator/webhook-deliveries/${log[0].id}/resend`);
    expect(again.status).toBe(201);
    await until(async () => rx.received.filter((r) => r.body.id === t.body.id).length === 2);
    const list = (await owner.get('/api/v1/operator/webhooks')).body;
    expect(list.endpoints).toHaveLength(1);
    expect(list.endpoints[0]).toMatchObject({ id: endpoint.id, pending: 0, lastStatus: 'delivered' });
  });

  it('retries a failing receiver and delivers after a server restart', async () => {
    rx.status = 500;
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const ack = await sendMessage(v, 'retry me please');
    await v.close();
    const failing = await until(async () => {
      const l = (await owner.get(`/api/v1/operator/webhooks/${endpoint.id}/deliveries?status=pending`)).body.deliveries;
      return l.find((d: { eventType: string; attempts: number }) => d.eventType === 'message.created' && d.attempts >= 2);
    });
    expect(failing).toMatchObject({ responseCode: 500, error: 'HTTP 500' });
    await srv.kill('SIGKILL');
    rx.status = 200;
    await srv.restart(ENV);
    const got = await rx.waitFor(
      (r) => r.body.type === 'message.created' && r.body.data.dialog.id === ack.dialogId && r.body.data.message.text === 'retry me please',
      15_000,
    );
    expect(got.body.id).toBe(failing.eventId);
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    const done = await until(async () => {
      const l = (await owner.get(`/api/v1/operator/webhooks/${endpoint.id}/deliveries`)).body.deliveries;
      const d = l.find((x: { id: string }) => x.id === failing.id);
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(done.attempts).toBeGreaterThanOrEqual(3);
    expect(done.responseCode).toBe(200);
  }, 60_000);
});
