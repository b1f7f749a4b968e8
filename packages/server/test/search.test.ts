import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientId,
  createOperator,
  loginOperator,
  openVisitorSocket,
  projectSecret,
  sendMessage,
  sign,
  startServer,
  type OperatorClient,
  type RunningServer,
  type VisitorSocket,
} from './harness';

let srv: RunningServer;
let owner: OperatorClient;
const open: VisitorSocket[] = [];
const dialogs: Record<string, string> = {};

async function visitor(name: string, text: string, hello: Record<string, unknown> = {}): Promise<void> {
  const v = await openVisitorSocket(srv.url, hello);
  open.push(v);
  await v.welcome;
  const ack = await sendMessage(v, text);
  expect(ack.type).toBe('message.ack');
  dialogs[name] = ack.dialogId;
}

/** Ids of the dialogs a search finds, best first (in the name of the test fixtures). */
async function found(q: string, extra = ''): Promise<string[]> {
  const r = await owner.get(`/api/v1/operator/dialogs?view=all&q=${encodeURIComponent(q)}${extra}`);
  expect(r.status, q).toBe(200);
  const names = Object.fromEntries(Object.entries(dialogs).map(([k, id]) => [id, k]));
  return (r.body.dialogs as { id: string }[]).map((d) => names[d.id] ?? d.id);
}

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  const secret = await projectSecret(owner);
  const user = `sophie-${clientId()}`;
  await visitor('sophie', 'my parcel ORD-48213 did not arrive', {
    identity: { id: user, signature: sign(secret, user), name: 'Sophie Leroy', email: 'sophie.leroy@example.com', phone: '+7 999 123-45-67' },
    params: { city: 'Marseille' },
  });
  await visitor('russian', 'Доставка задерживается, где мой заказ?');
  await visitor('elodie', 'Élodie wants a refund for order 777');
  await visitor('refunds', 'refund refund refund please');
  await visitor('other', 'just saying hello');
});
afterAll(async () => {
  await Promise.all(open.map((v) => v.close()));
  await srv?.stop();
});

describe('operator search (full text)', () => {
  it('finds dialogs by the visitor card: name, email, phone digits, custom params', async () => {
    expect(await found('sophie')).toEqual(['sophie']);
    expect(await found('Leroy')).toEqual(['sophie']);
    expect(await found('sophie.leroy@example.com')).toEqual(['sophie']);
    expect(await found('79991234567')).toEqual(['sophie']);
    expect(await found('Marseil')).toEqual(['sophie']);
  });

  it('finds message text by word, prefix, across scripts and accents', async () => {
    expect(await found('ORD-48213')).toEqual(['sophie']);
    expect(await found('доставк')).toEqual(['russian']);
    expect(await found('ЗАКАЗ')).toEqual(['russian']);
    expect(await found('elodie')).toEqual(['elodie']);
    expect(await found('refund order')).toEqual(['elodie']);
  });

  it('ranks by relevance, best first, and pages through the ranking', async () => {
    expect(await found('refund')).toEqual(['refunds', 'elodie']);
    const first = await owner.get('/api/v1/operator/dialogs?view=all&q=refund&limit=1');
    expect(first.body.dialogs.map((d: { id: string }) => d.id)).toEqual([dialogs.refunds]);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await owner.get(`/api/v1/operator/dialogs?view=all&q=refund&limit=1&cursor=${first.body.next}`);
    expect(second.body.dialogs.map((d: { id: string }) => d.id)).toEqual([dialogs.elodie]);
    expect(second.body.next).toBeNull();
    // A list cursor is not a search cursor.
    const list = await owner.get('/api/v1/operator/dialogs?view=all&limit=1');
    expect((await owner.get(`/api/v1/operator/dialogs?view=all&q=refund&cursor=${list.body.next}`)).status).toBe(400);
  });

  it('takes any text: query syntax is never interpreted, nothing searchable finds nothing', async () => {
    for (const q of ['"', '*', 'NEAR(', 'refund OR hello', '-refund', 'AND', '%', "'; DROP TABLE messages; --"]) {
      const r = await owner.get(`/api/v1/operator/dialogs?view=all&q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
    }
    expect(await found('"*()')).toEqual([]);
    expect(await found('refund OR hello')).toEqual([]);
  });

  it('filters by tag (also with a query)', async () => {
    await owner.put(`/api/v1/operator/dialogs/${dialogs.refunds}/tags`, { tags: ['vip'] });
    const tagged = await owner.get('/api/v1/operator/dialogs?view=all&tag=vip');
    expect(tagged.body.dialogs.map((d: { id: string }) => d.id)).toEqual([dialogs.refunds]);
    expect(tagged.body.dialogs[0].tags).toEqual(['vip']);
    expect(await found('refund', '&tag=vip')).toEqual(['refunds']);
    expect(await found('elodie', '&tag=vip')).toEqual([]);
  });

  it('combines a query with the visitor card filters and follows an operator editing the card', async () => {
    expect(await found('ORD', '&name=leroy')).toEqual(['sophie']);
    expect(await found('refund', '&name=leroy')).toEqual([]);
    expect(await found('refund', '&closeStatus=spam')).toEqual([]);
    // The card edit rewrites the visitor's search text: the index follows in the same write.
    const card = await owner.patch(`/api/v1/operator/dialogs/${dialogs.russian}/visitor`, { name: 'Zinaida Kuznetsova' });
    expect(card.status).toBe(200);
    expect(await found('Kuznetsov')).toEqual(['russian']);
    expect(await found('доставк', '&name=zinaida')).toEqual(['russian']);
  });

  it('follows edits and deletes in the same transaction', async () => {
    const sent = await owner.post(`/api/v1/operator/dialogs/${dialogs.other}/messages`, { clientId: clientId('op'), text: 'tracking number XYZ123' });
    expect(sent.status).toBe(201);
    expect(await found('XYZ123')).toEqual(['other']);
    await owner.patch(`/api/v1/operator/dialogs/${dialogs.other}/messages/${sent.body.message.id}`, { text: 'tracking number QWE789' });
    expect(await found('XYZ123')).toEqual([]);
    expect(await found('QWE789')).toEqual(['other']);
    await owner.delete(`/api/v1/operator/dialogs/${dialogs.other}/messages/${sent.body.message.id}`);
    expect(await found('QWE789')).toEqual([]);
  });

  it('stays inside what the operator may see', async () => {
    const op = await createOperator(owner, { email: `searcher-${clientId()}@example.com` });
    // Taken by the owner: no longer new, not the operator's.
    await owner.post(`/api/v1/operator/dialogs/${dialogs.elodie}/take`);
    const r = await op.client.get(`/api/v1/operator/dialogs?view=new&q=${encodeURIComponent('refund')}`);
    expect(r.body.dialogs.map((d: { id: string }) => d.id)).toEqual([dialogs.refunds]);
    expect((await op.client.get('/api/v1/operator/dialogs?view=all&q=refund')).status).toBe(403);
  });
});
