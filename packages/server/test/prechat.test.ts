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

const PRECHAT = {
  enabled: true,
  fields: { name: 'required', email: 'optional', phone: 'off' },
  consent: 'required',
  privacyUrl: 'https://shop.example/privacy',
};

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

  it('offers a choice of group: checked against the offered groups, and the new dialog is routed there', async () => {
    const sales = (await owner.post('/api/v1/operator/groups', { name: 'Sales team', operatorIds: [] })).body.group;
    const help = (await owner.post('/api/v1/operator/groups', { name: 'Support L1', operatorIds: [] })).body.group;
    const hidden = (await owner.post('/api/v1/operator/groups', { name: 'Internal', operatorIds: [] })).body.group;
    const form = (options: { id: string; label: string }[]) => ({
      ...PRECHAT,
      consent: 'off',
      fields: { name: 'optional', email: 'off', phone: 'off' },
      group: { mode: 'required', options },
    });
    // Only this project's groups, each with a label visitors see.
    const unknown = await owner.patch('/api/v1/operator/project', { settings: { preChat: form([{ id: 'no-such-group', label: 'Ghost' }]) } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual(['settings.preChat.group.options']);
    expect((await owner.patch('/api/v1/operator/project', { settings: { preChat: form([{ id: sales.id, label: '  ' }]) } })).status).toBe(400);
    const ok = await owner.patch('/api/v1/operator/project', {
      settings: {
        preChat: form([
          { id: sales.id, label: 'Buy something' },
          { id: help.id, label: 'Get help' },
        ]),
      },
    });
    expect(ok.status).toBe(200);
    try {
      const config = await (await fetch(`${srv.url}/api/v1/widget/projects/demo/config`)).json();
      expect(config.preChat.group).toEqual({
        mode: 'required',
        options: [
          { id: sales.id, label: 'Buy something' },
          { id: help.id, label: 'Get help' },
        ],
      });

      const v = await openVisitorSocket(srv.url, { page: { url: 'https://shop.example/anything' } });
      expect((await v.welcome).visitor).toEqual({ kind: 'anonymous', needsPreChat: true });
      const submit = async (extra: Record<string, unknown>) => {
        const id = clientId();
        v.send({ type: 'prechat.submit', clientId: id, ...extra });
        return v.waitFor((f) => f.clientId === id);
      };
      // Required, and never a group the form does not offer (nor a made-up id), though it exists.
      expect(await submit({ name: 'Olga' })).toMatchObject({ type: 'session.error', code: 'bad_request' });
      expect(await submit({ group: hidden.id })).toMatchObject({ type: 'session.error', code: 'bad_request' });
      expect(await submit({ group: 'made-up' })).toMatchObject({ type: 'session.error', code: 'bad_request' });
      expect((await sendMessage(v, 'no form yet')).code).toBe('prechat_required');
      expect(await submit({ name: 'Olga', group: help.id })).toMatchObject({ type: 'request.ack', kind: 'prechat' });
      const ack = await sendMessage(v, 'I need help with my order');
      expect(ack.type).toBe('message.ack');
      // Routing runs right after the commit that opened the dialog, not before the ack (issue 11's write path).
      await expect.poll(async () => (await owner.get(`/api/v1/operator/dialogs/${ack.dialogId}`)).body.dialog.groupId).toBe(help.id);
      expect((await owner.get(`/api/v1/operator/dialogs?view=all&groupId=${help.id}`)).body.dialogs.map((x: { id: string }) => x.id)).toContain(ack.dialogId);
      await v.close();

      // A removed group is no longer offered.
      expect((await owner.delete(`/api/v1/operator/groups/${sales.id}`)).status).toBe(204);
      const after = await (await fetch(`${srv.url}/api/v1/widget/projects/demo/config`)).json();
      expect(after.preChat.group.options).toEqual([{ id: help.id, label: 'Get help' }]);
    } finally {
      await owner.patch('/api/v1/operator/project', { settings: { preChat: { ...PRECHAT, enabled: false } } });
    }
  });
});
