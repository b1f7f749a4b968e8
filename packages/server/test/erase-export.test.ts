/**
 * A visitor's rights (issue 9): export as JSON and as a zip with their files, and erase with
 * files removed from disk, dialogs kept as tombstones and live sockets closed. End to end.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MOBILE_SAFARI,
  clientId,
  createOperator,
  loginOperator,
  openVisitorSocket,
  projectKeys,
  sendMessage,
  sign,
  startServer,
  uploadAsVisitor,
  type IdentityKeys,
  type OperatorClient,
  type RunningServer,
} from './harness';
import { png } from './fixtures';

let srv: RunningServer;
let owner: OperatorClient;
let keys: IdentityKeys;
beforeAll(async () => {
  srv = await startServer({ env: { PARLEY_LOG_LEVEL: 'info' } });
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  keys = await projectKeys(owner);
});
afterAll(async () => {
  await srv?.stop();
});

const fileOnDisk = (id: string) => existsSync(join(srv.dataDir, 'files', id));

/** A signed-in visitor with a message + attachment, an upload never sent, a reply, a note and an offline-form lead. */
async function richVisitor(user: string) {
  const identity = { id: user, signature: sign(keys, user), name: 'Анна Петрова', email: 'anna@example.com' };
  const v = await openVisitorSocket(srv.url, { identity, page: { url: 'https://shop.example/cart', title: 'Корзина' } });
  const w = await v.welcome;
  const photo = png(12, 9);
  const up = await uploadAsVisitor(srv.url, w.token, photo, { type: 'image/png', name: 'паспорт.png' });
  const pending = await uploadAsVisitor(srv.url, w.token, png(7, 7), { type: 'image/png', name: 'draft.png' });
  const id = clientId();
  v.send({ type: 'message.send', clientId: id, text: 'Мой адрес: Ленина 1', attachments: [up.body.upload.id] });
  const ack = await v.waitFor((f) => f.type === 'message.ack' && f.clientId === id);
  const dialogId = ack.dialogId as string;
  await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId('op'), text: 'Спасибо, Анна' });
  await owner.post(`/api/v1/operator/dialogs/${dialogId}/notes`, { text: 'VIP, звонить после 18' });
  const formId = clientId('form');
  v.send({ type: 'offline_form.submit', clientId: formId, name: 'Анна', email: 'anna@example.com', message: `Перезвоните (${user})` });
  await v.waitFor((f) => f.type === 'request.ack' && f.clientId === formId);
  // A second device of the same user.
  const phone = await openVisitorSocket(srv.url, { identity, device: MOBILE_SAFARI });
  await phone.welcome;
  const detail = await owner.get(`/api/v1/operator/dialogs/${dialogId}`);
  return {
    v,
    phone,
    token: w.token as string,
    dialogId,
    visitorId: detail.body.visitor.id as string,
    fileId: up.body.upload.id as string,
    pendingId: pending.body.upload.id as string,
    photo,
    identity,
  };
}

describe('export', () => {
  it('gives everything stored about the visitor as JSON, and as a zip with the very bytes of their files', async () => {
    const r = await richVisitor(`export-${clientId()}`);
    const json = await owner.get(`/api/v1/operator/visitors/${r.visitorId}/export`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toContain('attachment');
    expect(json.headers.get('cache-control')).toBe('no-store');
    const data = json.body;
    expect(data.visitor).toMatchObject({ id: r.visitorId, kind: 'verified', name: 'Анна Петрова', email: 'anna@example.com' });
    expect(data.devices.map((d: { label: string }) => d.label).sort()).toEqual([expect.stringMatching(/^Chrome 127/), 'Mobile Safari 17.6.1']);
    expect(data.pages.map((p: { url: string }) => p.url)).toContain('https://shop.example/cart');
    expect(data.dialogs).toHaveLength(1);
    const d = data.dialogs[0];
    expect(d.messages.map((m: { author: { kind: string }; text: string }) => [m.author.kind, m.text])).toEqual([
      ['visitor', 'Мой адрес: Ленина 1'],
      ['operator', 'Спасибо, Анна'],
    ]);
    expect(d.messages[0].device).toMatch(/^Chrome 127/);
    expect(d.messages[0].attachments).toEqual([expect.objectContaining({ id: r.fileId, name: 'паспорт.png', path: `files/${r.fileId}-паспорт.png` })]);
    expect(d.notes.map((n: { text: string }) => n.text)).toEqual(['VIP, звонить после 18']);
    expect(data.uploads.map((u: { id: string }) => u.id)).toEqual([r.pendingId]);
    expect(data.leads.map((l: { message: string }) => l.message)).toEqual([`Перезвоните (${r.identity.id})`]);

    const zip = await fetch(`${srv.url}/api/v1/operator/visitors/${r.visitorId}/export.zip`, { headers: { cookie: owner.cookie } });
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(['files/' + r.fileId + '-паспорт.png', 'files/' + r.pendingId + '-draft.png', 'visitor.json'].sort());
    expect(Buffer.from(entries[`files/${r.fileId}-паспорт.png`] as Uint8Array).equals(r.photo)).toBe(true);
    const inZip = JSON.parse(Buffer.from(entries['visitor.json'] as Uint8Array).toString('utf8'));
    expect(inZip.dialogs[0].messages[0].text).toBe('Мой адрес: Ленина 1');
    await r.v.close();
    await r.phone.close();
  });

  it('operators export and erase only visitors whose dialogs they may see; anything else is 404', async () => {
    const r = await richVisitor(`hidden-${clientId()}`);
    const a = await createOperator(owner, { email: `ea-${clientId()}@example.com` });
    const b = await createOperator(owner, { email: `eb-${clientId()}@example.com` });
    await owner.post(`/api/v1/operator/dialogs/${r.dialogId}/assign`, { operatorId: a.id });
    expect((await a.client.get(`/api/v1/operator/visitors/${r.visitorId}/export`)).status).toBe(200);
    expect((await b.client.get(`/api/v1/operator/visitors/${r.visitorId}/export`)).status).toBe(404);
    expect((await b.client.post(`/api/v1/operator/visitors/${r.visitorId}/erase`)).status).toBe(404);
    expect((await b.client.get('/api/v1/operator/visitors/AAAAAAAAAAAAAAAAAAAAAA/export')).status).toBe(404);
    expect(fileOnDisk(r.fileId)).toBe(true);
    await r.v.close();
    await r.phone.close();
  });
});

describe('erase', () => {
  it('removes messages, notes, files (bytes on disk too), devices, tokens and leads; keeps a tombstone; closes live sockets', async () => {
    const r = await richVisitor(`erase-${clientId()}`);
    expect(fileOnDisk(r.fileId) && fileOnDisk(r.pendingId)).toBe(true);
    const before = srv.logs().length;
    const res = await owner.post(`/api/v1/operator/visitors/${r.visitorId}/erase`);
    expect(res.status).toBe(200);
    expect(res.body.erased).toEqual({
      visitors: 1,
      dialogs: 1,
      messages: 2,
      notes: 1,
      files: 2,
      devices: 2,
      tokens: 2,
      pageVisits: 1,
      leads: 1,
    });
    // Live sockets of the visitor, on both devices, are told and closed.
    for (const s of [r.v, r.phone]) {
      expect(await s.next('session.ended')).toMatchObject({ reason: 'erased' });
      expect(await s.closed).toBe(1000);
    }
    expect(fileOnDisk(r.fileId)).toBe(false);
    expect(fileOnDisk(r.pendingId)).toBe(false);
    // The dialog is a tombstone: no texts, no visitor data.
    const detail = await owner.get(`/api/v1/operator/dialogs/${r.dialogId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.dialog).toMatchObject({ status: 'closed', lastMessage: null, erasedAt: expect.any(Number) });
    expect(detail.body.visitor).toMatchObject({ userId: null, name: null, email: null, phone: null });
    expect(detail.body).toMatchObject({ customParams: {}, pages: [], devices: [], ip: null, referrer: null });
    const tl = await owner.get(`/api/v1/operator/dialogs/${r.dialogId}/timeline`);
    expect(tl.body).toMatchObject({ messages: [], notes: [], events: [] });
    expect((await owner.get('/api/v1/operator/leads')).body.leads.some((l: { message: string }) => l.message === `Перезвоните (${r.identity.id})`)).toBe(false);
    expect(JSON.stringify((await owner.get(`/api/v1/operator/visitors/${r.visitorId}/export`)).body)).not.toMatch(/Анна|anna@|Ленина|паспорт/);
    // Its token is dead; the same user signing in again starts from nothing.
    expect((await uploadAsVisitor(srv.url, r.token, png(2, 2), { type: 'image/png', name: 'x.png' })).status).toBe(401);
    const again = await openVisitorSocket(srv.url, { identity: r.identity });
    expect((await again.welcome).dialog).toBeNull();
    await again.close();
    // The purge is logged with its counts.
    const line = srv
      .logs()
      .slice(before)
      .split('\n')
      .find((l) => l.includes('"purge":"erase"'));
    expect(line && JSON.parse(line)).toMatchObject({ level: 30, visitor: r.visitorId, messages: 2, files: 2, leads: 1 });
  });

  it('an anonymous visitor who continued after a closed dialog is erased with the dialogs before it', async () => {
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const first = await sendMessage(v, 'первый диалог');
    await owner.post(`/api/v1/operator/dialogs/${first.dialogId}/close`, { status: 'resolved' });
    await v.next('dialog.closed');
    const second = await sendMessage(v, 'второй диалог');
    const visitorId = (await owner.get(`/api/v1/operator/dialogs/${second.dialogId}`)).body.visitor.id;
    const res = await owner.post(`/api/v1/operator/visitors/${visitorId}/erase`);
    expect(res.body.erased).toMatchObject({ visitors: 2, dialogs: 2, messages: 2 });
    for (const id of [first.dialogId, second.dialogId]) {
      expect((await owner.get(`/api/v1/operator/dialogs/${id}/timeline`)).body.messages).toEqual([]);
    }
    expect(await v.next('session.ended')).toMatchObject({ reason: 'erased' });
  });
});
