/**
 * Email end to end, against real SMTP on loopback: a capture server (smtp-server) takes Parley's
 * outbound mail, and Parley's own inbound SMTP server (and its webhook) take the visitor's replies.
 * Delays are shortened through the settings, never slept through at full length.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import {
  clientId,
  createOperator,
  freePort,
  loginOperator,
  openOperatorSocket,
  openVisitorSocket,
  projectKeys,
  sendMessage,
  signJwt,
  startServer,
  type OperatorClient,
  type RunningServer,
  type VisitorSocket,
} from './harness';
import { png } from './fixtures';
import { Capture, type Captured } from './smtp-capture';
import { WIDGET_TEXTS } from '@parley/protocol';

const REPLY_DOMAIN = 'reply.example.test';
const DELAY_MS = 1500;
let srv: RunningServer;
let owner: OperatorClient;
let capture: Capture;
let inboundPort: number;
let ENV: Record<string, string>;

/** The visitor's mail program: sends a reply to Parley's inbound SMTP server. */
async function mailToParley(p: { from: string; to: string; text: string; attachments?: { filename: string; content: Buffer }[] }): Promise<void> {
  const t = createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true } as never);
  try {
    await t.sendMail({ from: p.from, to: p.to, subject: 'Re: your chat', text: p.text, ...(p.attachments ? { attachments: p.attachments } : {}) });
  } finally {
    t.close();
  }
}

/** A visitor who leaves an address through the offline form, then goes away. Returns their dialog. */
async function visitorWithEmail(email: string, name = 'Anna'): Promise<{ dialogId: string; v: VisitorSocket }> {
  const v = await openVisitorSocket(srv.url);
  await v.welcome;
  v.send({ type: 'offline_form.submit', clientId: clientId(), name, email, message: 'Please write back' });
  await v.next('request.ack');
  const ack = await sendMessage(v, 'Hello, is the blue one in stock?');
  return { dialogId: ack.dialogId as string, v };
}

function header(m: Captured, name: string): string {
  return (m.mail.headerLines.find((h) => h.key === name)?.line ?? '').replace(/^[^:]+:\s*/, '');
}

function replyAddress(m: Captured): string {
  const r = m.mail.replyTo?.value[0]?.address ?? '';
  expect(r).toMatch(new RegExp(`^reply\\+[0-9a-f]{40}@${REPLY_DOMAIN.replace(/\./g, '\\.')}$`));
  return r;
}

async function timelineTexts(dialogId: string): Promise<string[]> {
  const t = await owner.get(`/api/v1/operator/dialogs/${dialogId}/timeline`);
  return t.body.messages.map((m: { text: string }) => m.text);
}

beforeAll(async () => {
  capture = new Capture(await freePort());
  await capture.start();
  inboundPort = await freePort();
  srv = await startServer({
    env: (ENV = {
      PARLEY_SMTP_URL: `smtp://127.0.0.1:${capture.port}`,
      PARLEY_MAIL_FROM: 'Parley <chat@example.test>',
      PARLEY_PUBLIC_URL: 'https://chat.example.test',
      PARLEY_REPLY_DOMAIN: REPLY_DOMAIN,
      PARLEY_INBOUND_SMTP_PORT: String(inboundPort),
      PARLEY_INBOUND_TOKEN: 'inbound-secret-for-tests',
      PARLEY_MAIL_REPLY_DELAY_MS: String(DELAY_MS),
      PARLEY_MAIL_TICK_MS: '50',
      PARLEY_MAIL_RETRY_MS: '200',
      PARLEY_MAIL_ALERT_INTERVAL_MS: '600000',
    }),
  });
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  await owner.patch('/api/v1/operator/project', {
    settings: { email: { replies: true, senderName: 'Acme <Support>', replyDomain: '', teamAddress: 'team@example.test', operatorAlerts: true } },
  });
}, 90_000);

afterAll(async () => {
  await srv?.stop();
  await capture?.stop();
});

// First in the file: a later test signs the owner out.
describe('request status by email (issue 19)', () => {
  it('mails the visitor when their request waits for them and when it is resolved, with its number', async () => {
    const { dialogId, v } = await visitorWithEmail('status@example.test');
    await v.close();
    const got = await owner.get(`/api/v1/operator/dialogs/${dialogId}`);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    const number = got.body.dialog.number as number;
    expect(number).toBeGreaterThan(0);
    const words = (key: 'request.waiting' | 'request.resolved') => Object.values(WIDGET_TEXTS).map((t) => t[key]);
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/waiting`, { waiting: true })).status).toBe(200);
    const waiting = await capture.next('status@example.test');
    expect(waiting.mail.subject).toContain(`#${number}`);
    expect(words('request.waiting').some((w) => waiting.mail.subject?.includes(w))).toBe(true);
    expect(waiting.mail.text).toContain(`#${number}`);
    // Taking the mark off mails nothing; closing does.
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/waiting`, { waiting: false })).status).toBe(200);
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/close`, { status: 'resolved' })).status).toBe(200);
    const resolved = await capture.next('status@example.test', 2);
    expect(words('request.resolved').some((w) => resolved.mail.subject?.includes(w))).toBe(true);
    expect(capture.to('status@example.test')).toHaveLength(2);
  });
});

describe('reply by email', () => {
  it('round trip: the visitor leaves an address and goes away, the reply is mailed with a reply address, the answer lands in the dialog', async () => {
    const { dialogId, v } = await visitorWithEmail('anna@example.test');
    await v.close();
    const ops = await openOperatorSocket(srv.url, owner);
    await ops.next('session.welcome');
    const sentAt = Date.now();
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Yes, we have it <b>in stock</b>!' })).status).toBe(
      201,
    );
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Shall I reserve one?' })).status).toBe(201);

    const m = await capture.next('anna@example.test');
    // After the short delay, both replies in one mail.
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(DELAY_MS - 100);
    expect(m.mail.from?.value[0]).toEqual({ name: 'Acme <Support>', address: 'chat@example.test' });
    expect(m.mail.subject).toBe('New reply from Acme <Support>');
    expect(m.mail.text).toContain('Yes, we have it <b>in stock</b>!');
    expect(m.mail.text).toContain('Shall I reserve one?');
    expect(m.mail.html).toContain('Yes, we have it &lt;b&gt;in stock&lt;/b&gt;!');
    expect(m.mail.html).not.toContain('<b>in stock');
    expect(header(m, 'list-unsubscribe')).toMatch(/^<https:\/\/chat\.example\.test\/api\/v1\/email\/unsubscribe\/[0-9a-f]{40}>$/);
    expect(m.from).toMatch(/^bounce\+[0-9a-f]{40}@reply\.example\.test$/);
    const to = replyAddress(m);
    expect(capture.to('anna@example.test')).toHaveLength(1);

    await mailToParley({
      from: 'Anna <anna@example.test>',
      to,
      text: 'Yes please, reserve it!\n\nOn Sat, 28 Nov 2026 at 19:00, Acme <Support> <' + to + '> wrote:\n> Yes, we have it in stock!\n> Shall I reserve one?',
    });
    // The console sees it as the visitor's message, quoted history cut.
    const ev = await ops.waitFor(
      (f) => f.type === 'dialog.event' && f.dialogId === dialogId && f.event.type === 'message.new' && f.event.message.author.kind === 'visitor',
      15_000,
    );
    expect(ev.event.message.text).toBe('Yes please, reserve it!');
    await ops.close();
  });

  it('no mail while the visitor is connected, nor for what they read in the widget before the delay ran out', async () => {
    const { dialogId, v } = await visitorWithEmail('online@example.test');
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Seen live' });
    await v.waitFor((f) => f.type === 'message.new' && f.message.text === 'Seen live');
    await v.close();
    // Away now: this reply is scheduled; the visitor comes back and reads it within the delay.
    const r = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Read in the widget' });
    const back = await openVisitorSocket(srv.url, { token: (await v.welcome).token });
    await back.welcome;
    back.send({ type: 'read.mark', dialogId, seq: r.body.message.seq });
    await new Promise((res) => setTimeout(res, 200));
    await back.close();
    await new Promise((res) => setTimeout(res, DELAY_MS + 800));
    expect(capture.to('online@example.test')).toHaveLength(0);
  });

  it('the composer\'s "email" choice mails at once; without an address it is refused before anything is stored', async () => {
    const { dialogId, v } = await visitorWithEmail('now@example.test');
    expect((await owner.get(`/api/v1/operator/dialogs/${dialogId}/email`)).body).toEqual({ available: true, address: 'now@example.test', reason: null });
    const ops = await openOperatorSocket(srv.url, owner);
    await ops.next('session.welcome');
    const sent = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'By mail, now', via: 'email' });
    expect(sent.status).toBe(201);
    const m = await capture.next('now@example.test');
    expect(m.mail.text).toContain('By mail, now');
    // The console marks the message "sent by email", live and in the timeline; the visitor gets nothing new.
    const mark = { messageId: sent.body.message.id, direction: 'sent', address: 'now@example.test', at: expect.any(Number) };
    expect((await ops.waitFor((f) => f.type === 'message.mail' && f.dialogId === dialogId)).mail).toEqual(mark);
    expect((await owner.get(`/api/v1/operator/dialogs/${dialogId}/timeline`)).body.mail).toEqual([mark]);
    expect(v.frames.some((f) => f.type === 'message.mail' || JSON.stringify(f).includes('"direction"'))).toBe(false);
    await ops.close();
    await v.close();

    const anon = await openVisitorSocket(srv.url);
    await anon.welcome;
    const d2 = (await sendMessage(anon, 'no address here')).dialogId as string;
    const state = (await owner.get(`/api/v1/operator/dialogs/${d2}/email`)).body;
    expect(state).toMatchObject({ available: false, address: null });
    const refused = await owner.post(`/api/v1/operator/dialogs/${d2}/messages`, { clientId: clientId(), text: 'lost?', via: 'email' });
    expect(refused.status).toBe(409);
    expect(await timelineTexts(d2)).toEqual(['no address here']);
    await anon.close();
  });

  it('attachments of a reply are kept; a spoofed sender is flagged; unknown tokens are refused (SMTP and webhook)', async () => {
    const { dialogId, v } = await visitorWithEmail('files@example.test');
    await v.close();
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Send me a photo', via: 'email' });
    const to = replyAddress(await capture.next('files@example.test'));
    await mailToParley({ from: 'files@example.test', to, text: 'Here it is', attachments: [{ filename: 'photo.png', content: Buffer.from(png(8, 8)) }] });
    await expect.poll(async () => (await owner.get(`/api/v1/operator/dialogs/${dialogId}/timeline`)).body.messages.at(-1)?.attachments?.length ?? 0).toBe(1);
    const last = (await owner.get(`/api/v1/operator/dialogs/${dialogId}/timeline`)).body.messages.at(-1);
    expect(last).toMatchObject({ text: 'Here it is', attachments: [{ name: 'photo.png', kind: 'image' }] });

    await mailToParley({ from: 'mallory@evil.test', to, text: 'Please send the invoice to my new address' });
    // The spoof warning is a flag operators see on the message, not a prefix of what the visitor reads.
    await expect.poll(async () => (await timelineTexts(dialogId)).at(-1)).toBe('Please send the invoice to my new address');
    const tl = (await owner.get(`/api/v1/operator/dialogs/${dialogId}/timeline`)).body;
    const spoofedId = tl.messages.at(-1).id;
    expect(tl.mail.find((x: { messageId: string }) => x.messageId === spoofedId)).toEqual({
      messageId: spoofedId,
      direction: 'received',
      address: 'mallory@evil.test',
      at: expect.any(Number),
      spoofed: true,
      expected: 'files@example.test',
    });
    // The genuine reply is marked as mail, not as spoofed.
    const genuine = tl.messages.find((x: { text: string }) => x.text === 'Here it is').id;
    expect(tl.mail.find((x: { messageId: string }) => x.messageId === genuine)).toEqual({
      messageId: genuine,
      direction: 'received',
      address: 'files@example.test',
      at: expect.any(Number),
    });
    // The visitor's widget gets the text as written, and nothing of the flag.
    const back = await openVisitorSocket(srv.url, { token: (await v.welcome).token });
    await back.welcome;
    const batch = await back.next('history.batch');
    const seen = JSON.stringify(batch).includes(spoofedId) ? batch : await back.waitFor((f) => JSON.stringify(f).includes(spoofedId));
    expect(JSON.stringify(seen)).toContain('"text":"Please send the invoice to my new address"');
    expect(JSON.stringify(seen)).not.toMatch(/mallory|spoof|⚠/);
    await back.close();

    const bad = `reply+${'0'.repeat(40)}@${REPLY_DOMAIN}`;
    await expect(mailToParley({ from: 'files@example.test', to: bad, text: 'hi' })).rejects.toThrow(/550|No such recipient|Can't send mail/i);
    await expect(mailToParley({ from: 'x@example.test', to: 'postmaster@example.test', text: 'relay?' })).rejects.toThrow();

    const raw = (addr: string) =>
      `From: files@example.test\r\nTo: ${addr}\r\nSubject: Re\r\nMessage-ID: <${clientId()}@example.test>\r\n\r\nVia the webhook\r\n`;
    const hook = (body: string, token = 'inbound-secret-for-tests') =>
      fetch(`${srv.url}/api/v1/email/inbound`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'message/rfc822' },
        body,
      });
    expect((await hook(raw(to), 'wrong')).status).toBe(401);
    expect((await hook(raw(bad))).status).toBe(404);
    expect((await hook(raw(to))).status).toBe(201);
    expect((await timelineTexts(dialogId)).at(-1)).toBe('Via the webhook');
    // An out-of-office answer is taken and dropped: it is not the visitor writing.
    const away = `From: files@example.test\r\nTo: ${to}\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\n\r\nI am away until Monday\r\n`;
    expect((await hook(away)).status).toBe(201);
    expect((await timelineTexts(dialogId)).at(-1)).toBe('Via the webhook');
  });

  it('the address a visitor gave in the pre-chat form is the one replies are mailed to', async () => {
    const preChat = { enabled: true, fields: { name: 'optional', email: 'required', phone: 'off' }, consent: 'off', privacyUrl: '' };
    expect((await owner.patch('/api/v1/operator/project', { settings: { preChat } })).status).toBe(200);
    try {
      const v = await openVisitorSocket(srv.url);
      expect((await v.welcome).visitor.needsPreChat).toBe(true);
      const id = clientId();
      v.send({ type: 'prechat.submit', clientId: id, name: 'Petra', email: 'petra@example.test' });
      await v.waitFor((f) => f.clientId === id && f.type === 'request.ack');
      const dialogId = (await sendMessage(v, 'From the pre-chat form')).dialogId as string;
      await v.close();
      expect((await owner.get(`/api/v1/operator/dialogs/${dialogId}/email`)).body).toEqual({ available: true, address: 'petra@example.test', reason: null });
      // Away: the reply goes by mail after the delay, to that address, with the reply address.
      await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Answer for the pre-chat visitor' });
      const m = await capture.next('petra@example.test');
      expect(m.mail.text).toContain('Answer for the pre-chat visitor');
      replyAddress(m);
    } finally {
      await owner.patch('/api/v1/operator/project', { settings: { preChat: { ...preChat, enabled: false } } });
    }
  });

  it('the email of a signed-in visitor (identify, JWT `email`) is the one replies are mailed to', async () => {
    const keys = await projectKeys(owner);
    const jwt = signJwt(keys, { sub: 'user-mail-1', name: 'Ivan', email: 'ivan@example.test', exp: Math.floor(Date.now() / 1000) + 600 });
    const v = await openVisitorSocket(srv.url, { identity: { jwt } });
    expect((await v.welcome).visitor).toMatchObject({ kind: 'verified', userId: 'user-mail-1' });
    const dialogId = (await sendMessage(v, 'Signed in and writing')).dialogId as string;
    expect((await owner.get(`/api/v1/operator/dialogs/${dialogId}/email`)).body).toEqual({ available: true, address: 'ivan@example.test', reason: null });
    const sent = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, {
      clientId: clientId(),
      text: 'Mailed to the signed-in visitor',
      via: 'email',
    });
    expect(sent.status).toBe(201);
    const m = await capture.next('ivan@example.test');
    expect(m.mail.text).toContain('Mailed to the signed-in visitor');
    // Their answer by mail lands in their one dialog, not flagged (it is their address).
    await mailToParley({ from: 'ivan@example.test', to: replyAddress(m), text: 'Thanks, got it by mail' });
    await expect.poll(async () => (await timelineTexts(dialogId)).at(-1), { timeout: 15_000 }).toBe('Thanks, got it by mail');
    const tl = (await owner.get(`/api/v1/operator/dialogs/${dialogId}/timeline`)).body;
    expect(tl.mail.find((x: { messageId: string }) => x.messageId === tl.messages.at(-1).id)).not.toHaveProperty('spoofed');
    await v.close();
  });

  it("one link unsubscribes from a dialog's mail; a bounce stops it too", async () => {
    const { dialogId, v } = await visitorWithEmail('stop@example.test');
    await v.close();
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'First', via: 'email' });
    const m = await capture.next('stop@example.test');
    const link = /<(https:\/\/chat\.example\.test[^>]+)>/.exec(header(m, 'list-unsubscribe'))?.[1] as string;
    const page = await fetch(link.replace('https://chat.example.test', srv.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('no more emails');
    expect((await owner.get(`/api/v1/operator/dialogs/${dialogId}/email`)).body.available).toBe(false);
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Second', via: 'email' })).status).toBe(409);
    expect((await fetch(`${srv.url}/api/v1/email/unsubscribe/${'f'.repeat(40)}`)).status).toBe(404);

    const b = await visitorWithEmail('bounce@example.test');
    await b.v.close();
    await owner.post(`/api/v1/operator/dialogs/${b.dialogId}/messages`, { clientId: clientId(), text: 'Hello?', via: 'email' });
    const bm = await capture.next('bounce@example.test');
    await mailToParley({ from: 'mailer-daemon@example.test', to: bm.from, text: 'Delivery failed: no such user' });
    await expect.poll(async () => (await owner.get(`/api/v1/operator/dialogs/${b.dialogId}/email`)).body.available).toBe(false);
  });

  it("erasing the visitor ends their dialog's reply address", async () => {
    const { dialogId, v } = await visitorWithEmail('erase-me@example.test');
    await v.close();
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Before the erasure', via: 'email' });
    const to = replyAddress(await capture.next('erase-me@example.test'));
    const visitorId = (await owner.get(`/api/v1/operator/dialogs/${dialogId}`)).body.visitor.id as string;
    expect((await owner.post(`/api/v1/operator/visitors/${visitorId}/erase`, {})).status).toBe(200);
    const hook = await fetch(`${srv.url}/api/v1/email/inbound`, {
      method: 'POST',
      headers: { authorization: 'Bearer inbound-secret-for-tests', 'content-type': 'message/rfc822' },
      body: `From: erase-me@example.test\r\nTo: ${to}\r\nSubject: Re\r\n\r\nStill there?\r\n`,
    });
    expect(hook.status).toBe(404);
  });

  it('transcripts: operators send them, visitors ask for them from the widget', async () => {
    const { dialogId, v } = await visitorWithEmail('transcript@example.test');
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Here is the answer' });
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/transcript`, {})).status).toBe(202);
    const m = await capture.next('transcript@example.test');
    expect(m.mail.subject).toBe('Transcript of your chat with Acme <Support>');
    expect(m.mail.text).toMatch(/You \(.+\):\nHello, is the blue one in stock\?/);
    expect(m.mail.text).toContain('Here is the answer');

    const token = (await v.welcome).token as string;
    const ask = await fetch(`${srv.url}/api/v1/widget/transcript`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'other@example.test' }),
    });
    expect(ask.status).toBe(202);
    expect((await capture.next('other@example.test')).mail.text).toContain('Here is the answer');
    await v.close();
  });
});

describe('notifications', () => {
  it('new leads go to the team address, hostile names and texts escaped', async () => {
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const hostile = '<img src=x onerror=alert(1)>';
    v.send({
      type: 'offline_form.submit',
      clientId: clientId(),
      name: hostile,
      email: 'lead@example.test',
      message: `Call me </td></table><script>alert(2)</script>`,
    });
    await v.next('request.ack');
    await v.close();
    const m = (await capture.find((x) => x.to.includes('team@example.test') && (x.mail.text ?? '').includes('onerror'))).mail;
    expect(m.subject).toBe(`New message from the offline form: ${hostile}`);
    expect(m.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(m.html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(m.html).not.toMatch(/<img|<script/i);
    expect(m.replyTo?.value[0]?.address).toBe('lead@example.test');

    const cb = await fetch(`${srv.url}/api/v1/widget/projects/demo/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: clientId(), phone: '+15550123', name: 'Bob', preferredTime: '18:30' }),
    });
    expect(cb.status).toBe(201);
    const c = await capture.find((x) => x.to.includes('team@example.test') && (x.mail.subject ?? '').startsWith('New callback request'));
    expect(c.mail.subject).toBe('New callback request: Bob');
    expect(c.mail.text).toContain('+15550123');
    expect(c.mail.text).toContain('18:30');
  });

  it('an offline assignee hears of unread chats, at most once per dialog per interval; invitations', async () => {
    const op = await createOperator(owner, { email: 'away-op@example.test', name: 'Away Op', password: 'away-op-password-1', role: 'operator' });
    // Being added is an invitation with a link to choose a password.
    const invite = await capture.next('away-op@example.test');
    expect(invite.mail.subject).toBe('You have been added to Parley demo on Parley');
    expect(invite.mail.text).toMatch(/https:\/\/chat\.example\.test\/console\/#\/reset\/\S+/);

    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const dialogId = (await sendMessage(v, 'Anyone <there>?')).dialogId as string;
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/assign`, { operatorId: op.id })).status).toBe(200);
    await sendMessage(v, 'Hello again');
    const alert = await capture.next('away-op@example.test', 2);
    expect(alert.mail.subject).toBe('You have unread chats in Parley demo');
    expect(alert.mail.text).toContain(`https://chat.example.test/console/#/dialogs/${dialogId}`);
    await sendMessage(v, 'Still there?');
    await new Promise((res) => setTimeout(res, 600));
    expect(capture.to('away-op@example.test')).toHaveLength(2);
    await v.close();
  });

  it('the test email button: sent, and the refusal of a mail server that is down is shown', async () => {
    const ok = await owner.post('/api/v1/operator/project/test-email', { to: 'admin@example.test' });
    expect(ok.body).toEqual({ sent: true, to: 'admin@example.test' });
    expect((await capture.next('admin@example.test')).mail.subject).toBe('Parley test email');
  });
});

describe('SMTP down', () => {
  it('the chat goes on; mail waits and is retried until the mail server is back', async () => {
    const { dialogId, v } = await visitorWithEmail('retry@example.test');
    await capture.stop();
    try {
      const down = await owner.post('/api/v1/operator/project/test-email', { to: 'admin@example.test' });
      expect(down.body).toMatchObject({ sent: false, to: 'admin@example.test', error: expect.stringMatching(/ECONNREFUSED|connect/i) });
      const r = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Sent while mail is down', via: 'email' });
      expect(r.status).toBe(201);
      // The visitor got it in the chat at once.
      expect((await v.waitFor((f) => f.type === 'message.new' && f.message.text === 'Sent while mail is down')).type).toBe('message.new');
      expect((await sendMessage(v, 'and the chat still works')).type).toBe('message.ack');
      await new Promise((res) => setTimeout(res, 700));
    } finally {
      await capture.start();
    }
    const m = await capture.next('retry@example.test');
    expect(m.mail.text).toContain('Sent while mail is down');
    await v.close();
  });
});

describe('expired reply addresses', () => {
  it('a reply to a token past its 180 days is refused (403)', async () => {
    const { dialogId, v } = await visitorWithEmail('late@example.test');
    await v.close();
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Long ago', via: 'email' });
    const to = replyAddress(await capture.next('late@example.test'));
    const hook = () =>
      fetch(`${srv.url}/api/v1/email/inbound`, {
        method: 'POST',
        headers: { authorization: 'Bearer inbound-secret-for-tests', 'content-type': 'message/rfc822' },
        body: `From: late@example.test\r\nTo: ${to}\r\nSubject: Re\r\nMessage-ID: <${clientId()}@example.test>\r\n\r\nStill valid?\r\n`,
      });
    expect((await hook()).status).toBe(201);
    await srv.restart({ ...ENV, PARLEY_CLOCK_OFFSET_MS: String(181 * 86_400_000) });
    expect((await hook()).status).toBe(403);
  });
});
