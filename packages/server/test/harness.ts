/**
 * Test harness for everything that needs a real Parley server (integration and browser tests).
 *
 *   const srv = await startServer();                 // child process: packages/server/dist/main.js when built, else tsx on src/main.ts
 *   const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
 *   const v = await openVisitorSocket(srv.url);      // sends session.hello, collects frames
 *   const welcome = await v.next('session.welcome');
 *   ...
 *   await srv.stop();
 *
 * The server runs on a free port with a temporary data dir (removed by stop() unless you passed
 * one), demo mode on (POST /demo/sign), a known owner password, generous rate limits and a short
 * presence grace. Override anything with `env`. Stable API: other packages' tests import it.
 */
export { freePort } from './free-port';
import { freePort } from './free-port';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { RateLimitOptions } from '../src/options';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEMO_PROJECT = 'demo';
export const OWNER_EMAIL = 'owner@parley.local';
export const OWNER_PASSWORD = 'owner-password-for-tests';

/** Rate limits high enough that ordinary tests never meet them. */
export const RELAXED_LIMITS: RateLimitOptions = {
  httpPerIp: { capacity: 100_000, perSecond: 10_000 },
  connectPerIp: { capacity: 10_000, perSecond: 1_000 },
  loginPerIp: { capacity: 1_000, perSecond: 100 },
  messagesPerVisitor: { capacity: 10_000, perSecond: 1_000 },
  uploadsPerVisitor: { capacity: 1_000, perSecond: 100 },
  framesPerConnection: { capacity: 100_000, perSecond: 10_000 },
  uploadBytesPerIp: { capacity: 16 * 1024 ** 3, perSecond: 1024 ** 3 },
  uploadBytesPerProject: { capacity: 16 * 1024 ** 3, perSecond: 1024 ** 3 },
};

export interface StartOptions {
  /** Extra environment for main.ts (PARLEY_RATE_LIMITS, PARLEY_CLOCK_OFFSET_MS, ...). */
  env?: Record<string, string>;
  /** Reuse a data dir (it is then not deleted by stop()). */
  dataDir?: string;
  /** Port to listen on (a free one by default). */
  port?: number;
  /**
   * Production mode: the compiled server (packages/server/dist/main.js, `npm run build`) without
   * demo mode, so nothing is seeded (ownerEmail/ownerPassword are then meaningless).
   */
  production?: boolean;
  /**
   * The store: in the PostgreSQL project (TEST_STORE=postgres) each server gets its own
   * database copied from the migrated template; 'sqlite' keeps a test on the data dir's file (what
   * only SQLite has: backup and restore of the file). A DATABASE_URL in `env` is used as given
   * (two nodes on one database).
   */
  store?: 'sqlite' | 'postgres';
}

/** The store the integration tests run against: TEST_STORE=postgres in the PostgreSQL project. */
export function testStore(): 'sqlite' | 'postgres' {
  return process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * A files directory several nodes share (PARLEY_FILES_DIR: uploads and avatars), as an NFS mount
 * or a shared volume would be; `remove()` it when the nodes have stopped.
 */
export function sharedFilesDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-files-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  ownerEmail: string;
  ownerPassword: string;
  /** stdout + stderr of the current process. */
  logs(): string;
  /** The current server process id (benchmarks read its RSS and CPU time). */
  pid(): number | undefined;
  /** Sends a signal (SIGKILL for crash tests) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** How the last process ended (after kill/stop/restart). */
  lastExit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Starts the process again on the same port and data dir (optionally with other env). */
  restart(env?: Record<string, string>): Promise<void>;
  /** Graceful stop (SIGTERM), then removes a temporary data dir (and drops the test's database). */
  stop(): Promise<void>;
  /** The PostgreSQL database it runs on (null: SQLite in the data dir). */
  databaseUrl: string | null;
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const SERVER_BUILD = join(REPO_ROOT, 'packages/server/dist/main.js');

/** Whether packages/server/dist/main.js exists and is newer than every server and protocol source. */
function serverBuildFresh(): boolean {
  const sources = ['packages/server/src', 'packages/protocol/src'].map((p) => join(REPO_ROOT, p));
  return existsSync(SERVER_BUILD) && statSync(SERVER_BUILD).mtimeMs >= Math.max(...sources.map(newestMtime));
}

/** The compiled server (npm run build makes it; built here when missing or older than its sources). */
export function ensureServerBuild(): string {
  const main = SERVER_BUILD;
  if (serverBuildFresh()) return main;
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, env: { ...process.env, PARLEY_ONLY: 'server' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`server build failed:\n${r.stdout}\n${r.stderr}`);
  return main;
}

/** serverBuildFresh(), looked at once per test file (it walks the source trees). */
let builtOnce: boolean | undefined;

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-'));
  const port = opts.port ?? (await freePort());
  let child: ChildProcess | null = null;
  let output = '';
  let env = opts.env ?? {};
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  // The compiled server starts in half the time of tsx compiling the sources (8 s against 16 s on a
  // loaded 2-core machine, three starts in some files): `npm test` builds it first, so every server
  // runs from it there; after a source edit without a build, the sources run through tsx.
  const compiled = opts.production || (builtOnce ??= serverBuildFresh());
  const entry = compiled ? [SERVER_BUILD] : ['--import', 'tsx', join(REPO_ROOT, 'packages/server/src/main.ts')];
  const modeEnv: Record<string, string> = opts.production ? { PARLEY_DEMO: '0' } : { PARLEY_DEMO: '1', PARLEY_OWNER_PASSWORD: OWNER_PASSWORD };
  if (opts.production) ensureServerBuild();
  const store = opts.store ?? testStore();
  let database: { url: string; drop(): Promise<void> } | null = null;
  if (store === 'postgres' && !opts.env?.DATABASE_URL) {
    const { testDatabase } = await import('./pg-cluster');
    database = await testDatabase();
  }
  const storeEnv: Record<string, string> = database ? { DATABASE_URL: database.url } : {};

  const launch = async (): Promise<void> => {
    output = '';
    // node --import tsx, not the tsx CLI: the CLI runs the server in a grandchild process, which a
    // SIGKILL of the child would leave running.
    // PARLEY_CPU_PROF=<dir>: a V8 CPU profile of the server (`node --cpu-prof`, written on exit), for the bench.
    const prof = process.env.PARLEY_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PARLEY_CPU_PROF}`] : [];
    const c = spawn(process.execPath, [...prof, ...entry], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PARLEY_DATA_DIR: dataDir,
        ...modeEnv,
        PARLEY_LOG_LEVEL: 'error',
        PARLEY_PRESENCE_GRACE_MS: '300',
        PARLEY_CHECK_RESPONSES: '1',
        PARLEY_RATE_LIMITS: JSON.stringify(RELAXED_LIMITS),
        ...storeEnv,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    c.once('exit', (code, signal) => {
      exit = { code, signal };
    });
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`server did not start in time:\n${output}`)), 60_000);
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes('Parley is running at')) {
          clearTimeout(timer);
          res();
        }
      };
      c.stdout?.on('data', onData);
      c.stderr?.on('data', (d: Buffer) => {
        output += d.toString();
      });
      c.once('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`server exited with ${code}:\n${output}`));
      });
    });
  };

  const waitExit = (c: ChildProcess) =>
    new Promise<void>((res) => {
      if (c.exitCode !== null || c.signalCode !== null) return res();
      c.once('exit', () => res());
    });

  await launch();
  const server: RunningServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    ownerEmail: OWNER_EMAIL,
    ownerPassword: OWNER_PASSWORD,
    logs: () => output,
    pid: () => child?.pid,
    lastExit: () => exit,
    async kill(signal = 'SIGKILL') {
      const c = child;
      if (!c) return;
      c.kill(signal);
      await waitExit(c);
      child = null;
    },
    async restart(nextEnv) {
      if (child) await server.kill('SIGTERM');
      if (nextEnv) env = nextEnv;
      await launch();
    },
    async stop() {
      if (child) await server.kill('SIGTERM');
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
      database = null;
    },
    databaseUrl: database?.url ?? opts.env?.DATABASE_URL ?? null,
  };
  return server;
}

/**
 * Runs one statement on a stopped (or running) server's database, whichever store it has
 * (`?` placeholders on both): for tests that set up what no API can, e.g. a damaged row.
 */
export async function execSql(srv: RunningServer, text: string, params: unknown[] = []): Promise<void> {
  if (srv.databaseUrl) {
    const { default: pg } = await import('pg');
    const { numberPlaceholders } = await import('../src/storage/postgres/exec');
    const c = new pg.Client({ connectionString: srv.databaseUrl });
    await c.connect();
    try {
      await c.query(numberPlaceholders(text), params);
    } finally {
      await c.end();
    }
    return;
  }
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(srv.dataDir, 'parley.db'));
  try {
    db.prepare(text).run(...params);
  } finally {
    db.close();
  }
}

// ----- identity -------------------------------------------------------------------------------

/** A project's identity keys, one per form (what Console → Settings → Identity shows). */
export interface IdentityKeys {
  hmac: string;
  jwt: string;
}

/** The HMAC form of a verified identity: lowercase hex HMAC-SHA256(id, the HMAC key, or a raw key string). */
export function sign(key: string | IdentityKeys, id: string): string {
  return createHmac('sha256', typeof key === 'string' ? key : key.hmac)
    .update(id)
    .digest('hex');
}

/** An HS256 JWT signed with the JWT key (or a raw key string). */
export function signJwt(key: string | IdentityKeys, payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const h = Buffer.from(JSON.stringify(header)).toString('base64url');
  const p = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${h}.${p}.${createHmac('sha256', typeof key === 'string' ? key : key.jwt)
    .update(`${h}.${p}`)
    .digest('base64url')}`;
}

// ----- operators (HTTP) ---------------------------------------------------------------------

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface OperatorClient {
  url: string;
  cookie: string;
  /** The project this client acts in (X-Parley-Project); undefined: the operator's first project. */
  project: string | undefined;
  /** The same session acting in another project. */
  in(project: string): OperatorClient;
  get<T = any>(path: string): Promise<HttpResult<T>>;
  post<T = any>(path: string, body?: unknown): Promise<HttpResult<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<HttpResult<T>>;
  put<T = any>(path: string, body?: unknown): Promise<HttpResult<T>>;
  delete<T = any>(path: string): Promise<HttpResult<T>>;
  /** Raw body upload (operator uploads, avatar). */
  upload<T = any>(path: string, bytes: Uint8Array, opts?: { type?: string; name?: string; headers?: Record<string, string> }): Promise<HttpResult<T>>;
}

async function result(res: Response): Promise<HttpResult> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body, headers: res.headers };
}

export function operatorClient(url: string, cookie: string, project?: string): OperatorClient {
  const scope: Record<string, string> = project === undefined ? {} : { 'x-parley-project': project };
  const json = (method: string) => async (path: string, body?: unknown) =>
    result(
      await fetch(url + path, {
        method,
        headers: { cookie, 'content-type': 'application/json', 'x-parley-request': '1', ...scope },
        body: body === undefined ? (method === 'GET' || method === 'DELETE' ? undefined : '') : JSON.stringify(body),
      }),
    );
  return {
    url,
    cookie,
    project,
    in: (p) => operatorClient(url, cookie, p),
    get: (path) => json('GET')(path),
    post: json('POST'),
    patch: json('PATCH'),
    put: json('PUT'),
    delete: (path) => json('DELETE')(path),
    async upload(path, bytes, opts = {}) {
      return result(
        await fetch(url + path, {
          method: 'POST',
          headers: {
            cookie,
            ...scope,
            'content-type': opts.type ?? 'application/octet-stream',
            'x-parley-file-name': encodeURIComponent(opts.name ?? 'file'),
            ...opts.headers,
          },
          body: bytes as unknown as BodyInit,
        }),
      );
    },
  };
}

export async function loginOperator(url: string, email: string, password: string): Promise<OperatorClient> {
  const res = await fetch(`${url}/api/v1/operator/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('parley_session='));
  if (!setCookie) throw new Error('no session cookie');
  return operatorClient(url, setCookie.split(';')[0] as string);
}

/** Creates an operator with `by` (an owner or admin client, in its project) and signs in as them, in that project. */
export async function createOperator(
  by: OperatorClient,
  p: { email: string; name?: string; password?: string; role?: 'admin' | 'operator' },
): Promise<{ client: OperatorClient; id: string }> {
  const password = p.password ?? 'operator-password-1';
  const r = await by.post('/api/v1/operator/operators', { email: p.email, name: p.name ?? p.email.split('@')[0], password, role: p.role ?? 'operator' });
  if (r.status !== 201) throw new Error(`create operator failed: ${r.status} ${JSON.stringify(r.body)}`);
  const client = await loginOperator(by.url, p.email, password);
  return { client: by.project === undefined ? client : client.in(by.project), id: r.body.operator.id };
}

/** The project's identity keys (owner/admin client): pass them to sign() and signJwt(). */
export async function projectKeys(client: OperatorClient): Promise<IdentityKeys> {
  const r = await client.get('/api/v1/operator/project');
  return r.body.identityKeys as IdentityKeys;
}
/** Older name of projectKeys: the keys are what signs visitors in (the secret stays on the server). */
export const projectSecret = projectKeys;

// ----- WebSockets ---------------------------------------------------------------------------

export type Frame = { type: string; [k: string]: any };

/** A text frame as `ws` hands it over (a Buffer, or Buffer chunks), parsed. */
export function parseFrame(data: WebSocket.RawData): Frame {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  return JSON.parse(buf.toString('utf8')) as Frame;
}

export interface FrameSocket {
  ws: WebSocket;
  /** Every frame received so far, in order. */
  frames: Frame[];
  send(frame: unknown): void;
  sendRaw(data: string | Buffer, binary?: boolean): void;
  /** The next not-yet-taken frame of this type (waits for it). */
  next(type: string, timeoutMs?: number): Promise<Frame>;
  /** The first not-yet-taken frame matching the predicate (waits for it). */
  waitFor(pred: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): Promise<void>;
}

function frameSocket(ws: WebSocket): FrameSocket {
  const frames: Frame[] = [];
  const taken = new Set<number>();
  const waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  const closed = new Promise<number>((res) => ws.on('close', (code) => res(code)));
  ws.on('message', (data) => {
    const f = parseFrame(data);
    const i = frames.push(f) - 1;
    const w = waiters.findIndex((x) => x.pred(f));
    if (w >= 0) {
      taken.add(i);
      const [waiter] = waiters.splice(w, 1);
      waiter?.resolve(f);
    }
  });
  const waitFor = (pred: (f: Frame) => boolean, timeoutMs = 10_000) => {
    const i = frames.findIndex((f, idx) => !taken.has(idx) && pred(f));
    if (i >= 0) {
      taken.add(i);
      return Promise.resolve(frames[i] as Frame);
    }
    return new Promise<Frame>((res, rej) => {
      const timer = setTimeout(() => {
        const k = waiters.indexOf(entry);
        if (k >= 0) waiters.splice(k, 1);
        rej(new Error(`timed out waiting for a frame; got: ${frames.map((f) => f.type).join(', ')}`));
      }, timeoutMs);
      const entry = {
        pred,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          res(f);
        },
      };
      waiters.push(entry);
    });
  };
  return {
    ws,
    frames,
    send: (frame) => ws.send(JSON.stringify(frame)),
    sendRaw: (data, binary = false) => ws.send(data, { binary }),
    next: (type, timeoutMs) => waitFor((f) => f.type === type, timeoutMs),
    waitFor,
    closed,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

function wsUrl(url: string, path: string): string {
  return url.replace(/^http/, 'ws') + path;
}

async function opened(ws: WebSocket): Promise<void> {
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
    ws.once('unexpected-response', (_req, res) => rej(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

export const DESKTOP_CHROME = { type: 'desktop', browser: { name: 'Chrome', version: '127.0.6533.103' }, os: { name: 'Windows', version: '10' } };
export const MOBILE_SAFARI = { type: 'mobile', browser: { name: 'Mobile Safari', version: '17.6.1' }, os: { name: 'iOS', version: '17.6.1' } };

export interface VisitorSocket extends FrameSocket {
  /** The welcome frame (only when the hello was sent by openVisitorSocket). */
  welcome: Promise<Frame>;
}

/**
 * Opens the visitor WebSocket and (unless `hello: false`) sends session.hello with the demo
 * project, protocol v1 and a desktop Chrome device, merged with `hello`.
 */
export async function openVisitorSocket(
  url: string,
  hello: Record<string, unknown> | false = {},
  opts: { headers?: Record<string, string> } = {},
): Promise<VisitorSocket> {
  const ws = new WebSocket(wsUrl(url, '/api/v1/widget/ws'), { headers: opts.headers });
  const fs = frameSocket(ws);
  await opened(ws);
  if (hello !== false) fs.send({ type: 'session.hello', v: 1, project: DEMO_PROJECT, device: DESKTOP_CHROME, ...hello });
  const welcome = hello === false ? Promise.reject(new Error('no hello sent')) : fs.next('session.welcome');
  welcome.catch(() => {});
  return { ...fs, welcome };
}

export async function openOperatorSocket(url: string, client: OperatorClient): Promise<FrameSocket> {
  const query = client.project === undefined ? '' : `?project=${encodeURIComponent(client.project)}`;
  const ws = new WebSocket(wsUrl(url, `/api/v1/operator/ws${query}`), { headers: { cookie: client.cookie } });
  const fs = frameSocket(ws);
  await opened(ws);
  return fs;
}

let counter = 0;
/** A fresh client id (8..64 url-safe chars). */
export function clientId(prefix = 'c'): string {
  counter++;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 8)}`.replace(/[^A-Za-z0-9_-]/g, '').padEnd(8, '0');
}

/** Sends a message and waits for its ack. */
export async function sendMessage(v: FrameSocket, text: string, id = clientId()): Promise<Frame> {
  v.send({ type: 'message.send', clientId: id, text });
  return v.waitFor((f) => (f.type === 'message.ack' || f.type === 'session.error') && f.clientId === id);
}

/** Raw visitor upload. */
export async function uploadAsVisitor(
  url: string,
  token: string,
  bytes: Uint8Array,
  opts: { type?: string; name?: string; project?: string; locale?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': opts.type ?? 'application/octet-stream',
    'x-parley-file-name': encodeURIComponent(opts.name ?? 'file'),
    'x-parley-project': opts.project ?? DEMO_PROJECT,
  };
  if (opts.locale) headers['accept-language'] = opts.locale;
  return result(await fetch(`${url}/api/v1/widget/uploads`, { method: 'POST', headers, body: bytes as unknown as BodyInit }));
}

/**
 * A raw visitor upload of `total` bytes (`head` first, then zeros) with a Content-Length, pushed as
 * fast as the server takes it: how much it took before answering (or cutting the connection).
 */
export function streamUpload(
  url: string,
  token: string,
  o: { head: Buffer; total: number; type: string; name: string },
): Promise<{ sent: number; status: number | null }> {
  const u = new URL(`${url}/api/v1/widget/uploads`);
  return new Promise((resolve) => {
    let sent = 0;
    let status: number | null = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ sent, status });
    };
    const req = httpRequest({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': o.type, 'x-parley-file-name': o.name, 'content-length': String(o.total) },
    });
    req.on('response', (res) => {
      status = res.statusCode ?? null;
      res.resume();
      res.on('end', finish);
    });
    req.on('error', finish);
    req.on('close', finish);
    const filler = Buffer.alloc(64 * 1024, 0);
    const pump = () => {
      while (sent < o.total && !done) {
        const chunk = sent === 0 ? o.head : filler.subarray(0, Math.min(filler.length, o.total - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (sent >= o.total) req.end();
    };
    pump();
  });
}
