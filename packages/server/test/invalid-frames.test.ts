import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, loginOperator, openVisitorSocket, sendMessage, startServer, type RunningServer } from './harness';

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv?.stop();
});

describe('invalid input on the visitor socket', () => {
  it('garbage, wrong types, unknown frames and binary data get error frames; the connection keeps working', async () => {
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const bad: [string | Buffer, string, boolean?][] = [
      ['{not json', 'bad_frame'],
      ['null', 'bad_frame'],
      ['[1,2,3]', 'bad_frame'],
      [JSON.stringify({ type: 'message.explode' }), 'bad_frame'],
      [JSON.stringify({ type: 'message.send', clientId: 'short', text: 'x' }), 'bad_frame'],
      [JSON.stringify({ type: 'message.send', clientId: 'abcdefgh12', text: 42 }), 'bad_frame'],
      [JSON.stringify({ type: 'rating.submit', clientId: 'abcdefgh12', dialogId: 'x', score: 9 }), 'bad_frame'],
      [JSON.stringify({ type: 'read.mark', dialogId: 'x', seq: -1 }), 'bad_frame'],
      [Buffer.from([0xff, 0x00, 0x13]), 'bad_frame', true],
    ];
    for (const [data, code, binary] of bad) {
      v.sendRaw(data, binary);
      const e = await v.next('session.error');
      expect(e, String(data)).toMatchObject({ code, fatal: false });
      expect(typeof e.message).toBe('string');
    }
    // A too-long message is the visitor's doing: its own code, with the limit and the clientId.
    const id = clientId();
    v.send({ type: 'message.send', clientId: id, text: 'x'.repeat(5001) });
    const tooLong = await v.next('session.error');
    expect(tooLong).toMatchObject({ code: 'message_too_long', clientId: id });
    expect(tooLong.message).toBe('The message is too long (5000 characters at most). Your message was not delivered.');
    // Empty messages are refused.
    const empty = await sendMessage(v, '   ');
    expect(empty).toMatchObject({ type: 'session.error', code: 'message_empty' });
    // Still alive.
    expect((await sendMessage(v, 'still here')).type).toBe('message.ack');
    await v.close();
  });

  it('an oversized frame gets frame_too_large; a huge one closes only that socket', async () => {
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    v.send({ type: 'typing.update', typing: true, draft: 'я'.repeat(40_000) }); // 80 KB > 64 KB
    expect(await v.next('session.error')).toMatchObject({ code: 'frame_too_large' });
    expect((await sendMessage(v, 'after a big frame')).type).toBe('message.ack');
    v.sendRaw('x'.repeat(2 * 1024 * 1024));
    // The server answers 1009 at the frame header; a client still pushing the rest of its 2 MB can see
    // the connection reset before it reads that close frame (1006). Either way only this socket ends.
    expect([1009, 1006]).toContain(await v.closed);
    // The server is fine.
    const w = await openVisitorSocket(srv.url);
    expect((await w.welcome).type).toBe('session.welcome');
    await w.close();
  });

  it('frames before hello, a second hello, an unknown project and an unsupported version', async () => {
    const v = await openVisitorSocket(srv.url, false);
    v.send({ type: 'message.send', clientId: clientId(), text: 'hi' });
    expect(await v.next('session.error')).toMatchObject({ code: 'hello_required' });
    v.send({ type: 'session.hello', v: 1, project: 'demo', device: { type: 'desktop' } });
    await v.next('session.welcome');
    v.send({ type: 'session.hello', v: 1, project: 'demo', device: { type: 'desktop' } });
    expect(await v.next('session.error')).toMatchObject({ code: 'bad_frame' });
    await v.close();

    const u = await openVisitorSocket(srv.url, { project: 'no-such-project' });
    expect(await u.next('session.error')).toMatchObject({ code: 'unknown_project', fatal: true });
    await u.closed;

    const old = await openVisitorSocket(srv.url, { v: 99, locale: 'fr' });
    expect(await old.next('session.error')).toMatchObject({
      code: 'unsupported_version',
      fatal: true,
      message: "Cette version du chat n'est plus prise en charge. Veuillez recharger la page.",
    });
    await old.closed;
  });

  it('HTTP: bad JSON and invalid bodies are 400 ApiErrors naming the fields, never 500', async () => {
    const r1 = await fetch(`${srv.url}/api/v1/operator/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(r1.status).toBe(400);
    expect((await r1.json()).error.code).toBe('bad_request');
    const r2 = await fetch(`${srv.url}/api/v1/operator/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nope', password: 5 }),
    });
    expect(r2.status).toBe(400);
    expect((await r2.json()).error).toMatchObject({ code: 'bad_request', fields: ['email', 'password'] });
    const r3 = await fetch(`${srv.url}/api/v1/widget/projects/demo/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'abcdefgh12' }),
    });
    expect(r3.status).toBe(400);
    expect((await r3.json()).error.fields).toEqual(['phone']);
    const r4 = await fetch(`${srv.url}/api/v1/widget/projects/..%2Fetc/config`);
    expect(r4.status).toBe(404);
    const r5 = await fetch(`${srv.url}/api/v1/no/such/route`);
    expect(r5.status).toBe(404);
    expect((await r5.json()).error.code).toBe('not_found');
    const r6 = await fetch(`${srv.url}/api/v1/files/${'x'.repeat(300)}`);
    expect(r6.status).toBe(404);
  });

  it('HTTP: unknown fields in a body are refused by name, and nothing is saved', async () => {
    const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    const before = (await owner.get('/api/v1/operator/project')).body;
    const r1 = await owner.patch('/api/v1/operator/project', { bogus: 1 });
    expect(r1.status).toBe(400);
    expect(r1.body.error).toMatchObject({ code: 'bad_request', fields: ['bogus'] });
    const r2 = await owner.patch('/api/v1/operator/project', { name: 'Renamed', settings: { rating: { enabled: false, stars: 10 } } });
    expect(r2.status).toBe(400);
    expect(r2.body.error.fields).toEqual(['settings.rating.stars']);
    expect((await owner.get('/api/v1/operator/project')).body).toEqual(before);
    const r3 = await owner.post('/api/v1/operator/templates', { title: 'T', text: 'x', colour: 'red' });
    expect(r3.status).toBe(400);
    expect(r3.body.error.fields).toEqual(['colour']);
  });
});
