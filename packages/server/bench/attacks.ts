/**
 * Issue 9's attacks, measured: `npx tsx packages/server/bench/attacks.ts [name...]` prints one JSON
 * line per attack with what the attacker got. Run it on a checkout before and after a change to
 * compare (it uses only the test harness, so it runs against whatever server code sits beside it).
 * Heavy (gigabytes written, a 130 s wait): not part of `npm test`.
 *
 *   demo-sign      POST /demo/sign {"userId":"alice"} and a hello with what it returns
 *   confusion      an HMAC signature of a user-chosen "header.payload" id, used as a JWT for alice
 *   disk-fill      16 fresh anonymous visitors from one IP upload for 8 s: bytes stored
 *   generic-100mb  an extension-less generic upload of 100 MB of noise: bytes pushed before the answer
 *   unattached     an upload never sent, 31 minutes later: still on disk?
 *   two-tabs       one anonymous visitor in two tabs after a close, 5 runs: new visitors and dialogs per run
 *   file-access    a plain operator downloads a colleague's attachment: status
 *   no-hello       20 sockets that never say hello: how many are still open after 130 s
 *   jwt-expiry     a socket opened with a JWT that expires in 2 s: does it still send at 4 s; does its token upload
 *   big-frame      a 10 MB frame: the log lines it causes (level, stack)
 *   proxy-warning  is the operator told that the session cookie is not Secure behind an unannounced TLS proxy?
 *   no-store       Cache-Control of GET /operator/project (it carries the identity keys)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import {
  DESKTOP_CHROME,
  clientId,
  createOperator,
  loginOperator,
  openVisitorSocket,
  projectSecret,
  sendMessage,
  sign,
  signJwt,
  startServer,
  streamUpload,
  uploadAsVisitor,
  type RunningServer,
} from '../test/harness';
import { DEFAULT_RATE_LIMITS } from '../src/options';

const MB = 1024 * 1024;
/** The limits every version has, at their defaults; limits a version adds keep their own defaults. */
const ORIGINAL_DEFAULTS = Object.fromEntries(
  (['httpPerIp', 'connectPerIp', 'loginPerIp', 'messagesPerVisitor', 'uploadsPerVisitor', 'framesPerConnection'] as const).map((k) => [
    k,
    DEFAULT_RATE_LIMITS[k],
  ]),
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Result = Record<string, unknown>;

async function withServer<T>(env: Record<string, string>, fn: (srv: RunningServer) => Promise<T>): Promise<T> {
  const srv = await startServer({ env });
  try {
    return await fn(srv);
  } finally {
    await srv.stop();
  }
}

const owner = (srv: RunningServer) => loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);

/** A visitor socket whose hello carries `identity`; its first answer stays to be read. */
async function helloAs(srv: RunningServer, identity: Record<string, unknown>) {
  const v = await openVisitorSocket(srv.url, false);
  v.send({ type: 'session.hello', v: 1, project: 'demo', device: DESKTOP_CHROME, identity });
  return v;
}

const attacks: Record<string, () => Promise<Result>> = {
  'demo-sign': () =>
    withServer({}, async (srv) => {
      const o = await owner(srv);
      const keys = await projectSecret(o);
      const real = await openVisitorSocket(srv.url, { identity: { id: 'alice', signature: sign(keys, 'alice') } });
      await real.welcome;
      await sendMessage(real, 'alice: my card ends 4242');
      await real.close();
      const r = await fetch(`${srv.url}/demo/sign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'alice' }),
      });
      const out: Result = { signStatus: r.status };
      if (r.status !== 200) return out;
      const proof = (await r.json()) as { id: string; signature: string };
      const v = await helloAs(srv, { id: proof.id, signature: proof.signature });
      const first = await v.waitFor((f) => f.type === 'session.welcome' || f.type === 'session.error');
      out.welcomedAs = first.type === 'session.welcome' ? first.visitor.userId : null;
      if (first.type === 'session.welcome') {
        const batch = await v.next('history.batch');
        out.historyRead = batch.messages.map((m: { text: string }) => m.text);
        out.wroteIntoHerDialog = (await sendMessage(v, 'written by the attacker')).type === 'message.ack';
      }
      await v.close();
      return out;
    }),

  confusion: () =>
    withServer({}, async (srv) => {
      const keys = await projectSecret(await owner(srv));
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const input = `${b64({ alg: 'HS256' })}.${b64({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 600 })}`;
      // The site signs ids its users choose with the HMAC form: this one too.
      const hex = sign(keys, input);
      const jwt = `${input}.${Buffer.from(hex, 'hex').toString('base64url')}`;
      const v = await helloAs(srv, { jwt });
      const first = await v.waitFor((f) => f.type === 'session.welcome' || f.type === 'session.error');
      await v.close();
      return { answer: first.type, welcomedAs: first.type === 'session.welcome' ? first.visitor.userId : null, code: first.code ?? null };
    }),

  // The server's own default limits (the harness relaxes them for tests).
  'disk-fill': () =>
    withServer({ PARLEY_RATE_LIMITS: JSON.stringify(ORIGINAL_DEFAULTS) }, async (srv) => {
      const tokens: string[] = [];
      for (let i = 0; i < 16; i++) {
        const v = await openVisitorSocket(srv.url);
        tokens.push((await v.welcome).token);
        await v.close();
      }
      const body = Buffer.alloc(20 * MB, 'a');
      let stored = 0;
      let refused = 0;
      const t0 = Date.now();
      await Promise.all(
        tokens.map(async (t) => {
          while (Date.now() - t0 < 8000) {
            const r = await uploadAsVisitor(srv.url, t, body, { type: 'text/plain', name: 'junk.txt' });
            if (r.status === 201) stored += body.length;
            else {
              refused++;
              await sleep(200);
            }
          }
        }),
      );
      return { visitors: 16, seconds: (Date.now() - t0) / 1000, storedMB: stored / MB, refusedUploads: refused };
    }),

  'generic-100mb': () =>
    withServer({}, async (srv) => {
      const v = await openVisitorSocket(srv.url);
      const token = (await v.welcome).token as string;
      await v.close();
      const t0 = Date.now();
      const r = await streamUpload(srv.url, token, { head: Buffer.alloc(64 * 1024, 0), total: 100 * MB, type: 'application/octet-stream', name: 'blob' });
      return { pushedMB: Math.round((r.sent / MB) * 10) / 10, status: r.status, ms: Date.now() - t0 };
    }),

  unattached: () =>
    withServer({}, async (srv) => {
      const v = await openVisitorSocket(srv.url);
      const token = (await v.welcome).token as string;
      await v.close();
      const up = await uploadAsVisitor(srv.url, token, Buffer.alloc(MB, 'a'), { type: 'text/plain', name: 'never-sent.txt' });
      const id = up.body.upload.id as string;
      await srv.restart({ PARLEY_CLOCK_OFFSET_MS: String(31 * 60_000) });
      return { onDiskAfter31Minutes: existsSync(join(srv.dataDir, 'files', id)) };
    }),

  'two-tabs': () =>
    withServer({}, async (srv) => {
      const o = await owner(srv);
      const runs: { newDialogs: number; failedInTab2: boolean }[] = [];
      for (let i = 0; i < 5; i++) {
        const tab1 = await openVisitorSocket(srv.url);
        const token = (await tab1.welcome).token as string;
        const tab2 = await openVisitorSocket(srv.url, { token });
        await tab2.welcome;
        const first = await sendMessage(tab1, `run ${i} first`);
        await o.post(`/api/v1/operator/dialogs/${first.dialogId}/close`, { status: 'resolved' });
        await tab1.next('dialog.closed');
        await tab2.next('dialog.closed');
        const a1 = await sendMessage(tab1, `run ${i} from tab 1`);
        await sleep(2000);
        const a2 = await sendMessage(tab2, `run ${i} from tab 2`);
        const ids = new Set([a1.dialogId, a2.dialogId].filter(Boolean));
        runs.push({ newDialogs: ids.size, failedInTab2: a2.type !== 'message.ack' });
        await tab1.close();
        await tab2.close();
      }
      return { runs: runs.map((r) => r.newDialogs), splitRuns: runs.filter((r) => r.newDialogs > 1).length };
    }),

  'file-access': () =>
    withServer({}, async (srv) => {
      const o = await owner(srv);
      const a = await createOperator(o, { email: `a-${clientId()}@x.test` });
      const b = await createOperator(o, { email: `b-${clientId()}@x.test` });
      const v = await openVisitorSocket(srv.url);
      const token = (await v.welcome).token as string;
      const up = await uploadAsVisitor(srv.url, token, Buffer.from('passport scan'), { type: 'text/plain', name: 'passport.txt' });
      const id = clientId();
      v.send({ type: 'message.send', clientId: id, text: 'see file', attachments: [up.body.upload.id] });
      const ack = await v.waitFor((f) => f.type === 'message.ack' && f.clientId === id);
      await v.close();
      await a.client.post(`/api/v1/operator/dialogs/${ack.dialogId}/take`);
      const dialog = await b.client.get(`/api/v1/operator/dialogs/${ack.dialogId}`);
      const file = await fetch(`${srv.url}/api/v1/files/${up.body.upload.id}`, { headers: { cookie: b.client.cookie } });
      return { colleaguesDialog: dialog.status, colleaguesFile: file.status };
    }),

  'no-hello': () =>
    withServer({}, async (srv) => {
      const sockets = await Promise.all(
        Array.from(
          { length: 20 },
          () =>
            new Promise<WebSocket>((res, rej) => {
              const ws = new WebSocket(`${srv.url.replace(/^http/, 'ws')}/api/v1/widget/ws`);
              ws.once('open', () => res(ws));
              ws.once('error', rej);
            }),
        ),
      );
      await sleep(130_000);
      const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
      for (const s of sockets) s.terminate();
      return { opened: 20, openAfter130s: open };
    }),

  'jwt-expiry': () =>
    withServer({}, async (srv) => {
      const keys = await projectSecret(await owner(srv));
      const exp = Math.floor(Date.now() / 1000) + 2;
      const v = await openVisitorSocket(srv.url, { identity: { jwt: signJwt(keys, { sub: `jwt-${clientId()}`, exp }) } });
      const token = (await v.welcome).token as string;
      await sleep(Math.max(0, exp * 1000 + 2000 - Date.now()));
      let sentAfterExp: string;
      if (v.ws.readyState !== WebSocket.OPEN) sentAfterExp = 'socket closed';
      else sentAfterExp = (await sendMessage(v, 'two seconds after exp').catch(() => ({ type: 'no answer' }))).type;
      const up = await uploadAsVisitor(srv.url, token, Buffer.from('x'), { type: 'text/plain', name: 'a.txt' });
      const closedWith = v.frames.find((f) => f.type === 'session.error')?.code ?? null;
      await v.close();
      return { sentAfterExp, uploadAfterExp: up.status, errorFrame: closedWith };
    }),

  'big-frame': () =>
    withServer({ PARLEY_LOG_LEVEL: 'info' }, async (srv) => {
      const before = srv.logs().length;
      for (let i = 0; i < 3; i++) {
        const ws = await new Promise<WebSocket>((res) => {
          const w = new WebSocket(`${srv.url.replace(/^http/, 'ws')}/api/v1/widget/ws`);
          w.once('open', () => res(w));
        });
        ws.send(Buffer.alloc(10 * MB, 'x').toString());
        await new Promise((r) => ws.once('close', r));
      }
      await sleep(500);
      const lines = srv
        .logs()
        .slice(before)
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; err?: { stack?: string } });
      return { frames: 3, lines: lines.length, levels: lines.map((l) => l.level), withStack: lines.filter((l) => l.err?.stack).length };
    }),

  'proxy-warning': async () => {
    const warned = (logs: string) => logs.split('\n').filter((l) => l.includes('PARLEY_TRUST_PROXY')).length;
    const exposed = await withServer({ HOST: '0.0.0.0', PARLEY_LOG_LEVEL: 'info' }, async (srv) => warned(srv.logs()));
    const behindTls = await withServer({ PARLEY_LOG_LEVEL: 'info' }, async (srv) => {
      await fetch(`${srv.url}/api/v1/openapi.json`, { headers: { 'x-forwarded-proto': 'https' } });
      await sleep(300);
      return warned(srv.logs());
    });
    return { warningsListeningOn0000: exposed, warningsOnFirstForwardedHttps: behindTls };
  },

  'no-store': () =>
    withServer({}, async (srv) => {
      const r = await (await owner(srv)).get('/api/v1/operator/project');
      return { cacheControl: r.headers.get('cache-control') };
    }),
};

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(attacks);
for (const name of names) {
  const run = attacks[name];
  if (!run) throw new Error(`unknown attack ${name}; known: ${Object.keys(attacks).join(', ')}`);
  const r = await run().catch((e: unknown) => ({ error: String(e) }));
  console.log(JSON.stringify({ attack: name, ...r }));
}
