/**
 * WhatsApp's customer service window: free-form messages only within 24 hours of the client's
 * last message (shortened here through PARLEY_WHATSAPP_WINDOW_MS). Outside it a send is held, the
 * operator is told, and it goes out when the client writes again: nothing is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROJECT, clientId, loginOperator, startServer, type OperatorClient, type RunningServer } from './harness';
import { WhatsAppStandIn } from './channel-standins';

const WINDOW_MS = 1500;
let wa: WhatsAppStandIn;
let srv: RunningServer;
let owner: OperatorClient;
let n = 1;

beforeAll(async () => {
  wa = await new WhatsAppStandIn().start();
  srv = await startServer({
    env: { PARLEY_WHATSAPP_API_URL: wa.url, PARLEY_CHANNEL_RETRY_MS: '20', PARLEY_CHANNEL_RETRY_CAP_MS: '100', PARLEY_WHATSAPP_WINDOW_MS: String(WINDOW_MS) },
  });
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  const r = await owner.put('/api/v1/operator/channels/whatsapp', {
    enabled: true,
    token: wa.token,
    phoneNumberId: wa.phoneNumberId,
    appSecret: wa.appSecret,
    verifyToken: 'verify-me',
    defaultLocale: 'en',
  });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await srv?.stop();
  await wa?.stop();
});

async function clientWrites(from: string, text: string): Promise<void> {
  const raw = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550100000', phone_number_id: wa.phoneNumberId },
              contacts: [{ profile: { name: `Client ${from}` }, wa_id: from }],
              messages: [{ from, id: `wamid.win${n++}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  });
  const r = await fetch(`${srv.url}/api/v1/channels/${DEMO_PROJECT}/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.signature(raw) },
    body: raw,
  });
  expect(r.status).toBe(200);
}

async function dialogOf(text: string): Promise<string> {
  const r = await owner.get('/api/v1/operator/dialogs?view=all&channel=whatsapp&limit=100');
  return r.body.dialogs.find((d: { lastMessage?: { text: string } }) => d.lastMessage?.text === text).id as string;
}

const textsTo = (to: string) =>
  wa
    .of('messages')
    .filter((c) => c.body.to === to && c.body.type === 'text')
    .map((c) => c.body.text.body as string);
const channels = async (id: string) => (await owner.get(`/api/v1/operator/dialogs/${id}/channels`)).body.channels[0];

describe("WhatsApp's 24-hour window", () => {
  it('inside: sent, and the console is told until when; outside: held, the console says so, sent when the client writes again', async () => {
    const from = '79990000101';
    const wroteAt = Date.now();
    await clientWrites(from, 'Is my order ready?');
    const id = await dialogOf('Is my order ready?');
    const open = await channels(id);
    expect(open.windowEndsAt).toBeGreaterThanOrEqual(wroteAt + WINDOW_MS - 50);
    expect(open.windowEndsAt).toBeLessThanOrEqual(Date.now() + WINDOW_MS);
    expect(open.held).toBe(0);
    await owner.post(`/api/v1/operator/dialogs/${id}/messages`, { clientId: clientId(), text: 'Inside the window' });
    await wa.waitFor(() => textsTo(from).includes('Inside the window'));

    // The window runs out (no sleep beyond it: wait for the moment it ends).
    await new Promise((r) => setTimeout(r, Math.max(0, open.windowEndsAt - Date.now()) + 50));
    expect((await channels(id)).windowEndsAt).toBeLessThanOrEqual(Date.now());
    const late = await owner.post(`/api/v1/operator/dialogs/${id}/messages`, { clientId: clientId(), text: 'After the window' });
    expect(late.status).toBe(201);
    await owner.post(`/api/v1/operator/dialogs/${id}/messages`, { clientId: clientId(), text: 'And one more' });
    await expect.poll(async () => (await channels(id)).held, { timeout: 10_000 }).toBe(2);
    expect(textsTo(from)).toEqual(['Inside the window']);
    // The settings' status names the reason.
    const status = (await owner.get('/api/v1/operator/channels')).body.status.whatsapp;
    expect(status.lastError).toMatch(/24-hour customer service window/);
    // Kept in the dialog for operators, not lost.
    expect((await owner.get(`/api/v1/operator/dialogs/${id}/timeline`)).body.messages.map((m: { text: string }) => m.text)).toContain('After the window');

    await clientWrites(from, 'Hello again');
    await wa.waitFor(() => textsTo(from).length === 3);
    expect(textsTo(from)).toEqual(['Inside the window', 'After the window', 'And one more']);
    expect((await channels(id)).held).toBe(0);
  });

  it("WhatsApp's own refusal (error 131047) holds the send the same way", async () => {
    const from = '79990000102';
    await clientWrites(from, 'Ping from a client');
    const id = await dialogOf('Ping from a client');
    // WhatsApp counts the window from its side: it refuses although our clock says it is open.
    wa.windowClosed.add(from);
    await owner.post(`/api/v1/operator/dialogs/${id}/messages`, { clientId: clientId(), text: 'Refused by WhatsApp' });
    await expect.poll(async () => (await channels(id)).held, { timeout: 10_000 }).toBe(1);
    wa.windowClosed.delete(from);
    await clientWrites(from, 'Back again');
    await wa.waitFor(() => textsTo(from).includes('Refused by WhatsApp'));
    expect((await channels(id)).held).toBe(0);
  });
});
