import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, loginOperator, openVisitorSocket, sendMessage, startServer, type OperatorClient, type RunningServer } from './harness';

let srv: RunningServer;
let owner: OperatorClient;

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
});
afterAll(async () => {
  await srv?.stop();
});

const PRECHAT = { enabled: true, fields: { name: 'required', email: 'optional', phone: 'off' }, consent: 'required', privacyUrl: 'https://shop.example/privacy' };

describe('pre-chat form', () => {
  it('is asked before a new conversation, validated, and kept on the visitor with the consent time', async () => {
    expect((await owner.patch('/api/v1/operator/project', { settings: { preChat: PRECHAT } })).status).toBe(200);
    try {
      const v = await openVisitorSocket(srv.url);
      expect((await v.welcome).visitor).toEqual({ kind: 'anonymous', needsPreChat: true });
      // No conversation before the form.
      const early = await sendMessage(v, 'Hello?');
      expect(early).toMatchObject({ type: 'session.error', code: 'prechat_required', message: 'Please fill in the form before starting the chat.' });
      // The settings' rules apply: the name is required, and so is the consent.
      const bad = clientId();
      v.send({ type: 'prechat.submit', clientId: bad, email: 'ann@example.com' });
      expect(await v.waitFor((f) => f.clientId === bad)).toMatchObject({ type: 'session.error', code: 'bad_request' });
      const ok = clientId();
      v.send({ type: 'prechat.submit', clientId: ok, name: 'Anna', email: 'ann@example.com', phone: '+1 555 0100', consent: true });
      expect(await v.waitFor((f) => f.clientId === ok)).toMatchObject({ type: 'request.ack', kind: 'prechat' });
      const ack = await sendMessage(v, 'Now I can write');
      expect(ack.type).toBe('message.ack');
      const detail = await owner.get(`/api/v1/operator/dialogs/${ack.dialogId}`);
      // The phone field is off: not taken even if sent.
      expect(detail.body.visitor).toMatchObject({ name: 'Anna', email: 'ann@example.com', phone: null });
      expect(detail.body.visitor.consentAt).toEqual(expect.any(Number));
      await v.close();
      // The same visitor later: nothing more to ask.
      const again = await openVisitorSocket(srv.url, { token: (await v.welcome).token });
      expect((await again.welcome).visitor).toEqual({ kind: 'anonymous' });
      await again.close();
    } finally {
      await owner.patch('/api/v1/operator/project', { settings: { preChat: { ...PRECHAT, enabled: false } } });
    }
  });
});
