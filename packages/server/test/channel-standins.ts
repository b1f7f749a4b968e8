/**
 * Loopback stand-ins for the messenger platforms, written from their documentation:
 * - Telegram Bot API (https://core.telegram.org/bots/api): POST /bot<token>/<method> with JSON or
 *   multipart bodies, answers { ok: true, result } or { ok: false, error_code, description };
 *   getUpdates long polling; files at /file/bot<token>/<file_path>.
 * - WhatsApp Cloud API (https://developers.facebook.com/docs/whatsapp/cloud-api): POST
 *   /<phone-number-id>/messages and /media with a Bearer token, GET /<media-id> → { url, ... }.
 * `down = true` makes every call answer 502 (the platform being down); calls are recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import { createHmac } from 'node:crypto';

export interface Call {
  method: string;
  /** JSON body, or the multipart fields (files as { name, type, size }). */
  body: Record<string, any>;
  files: Record<string, { name: string; type: string; size: number }>;
  at: number;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: Record<string, any>; files: Call['files'] }> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(raw) }).formData();
    const body: Record<string, any> = {};
    const files: Call['files'] = {};
    for (const [k, v] of form.entries()) {
      if (typeof v === 'string') body[k] = v;
      else files[k] = { name: v.name, type: v.type, size: v.size };
    }
    return { body, files };
  }
  if (raw.length === 0) return { body: {}, files: {} };
  return { body: JSON.parse(raw.toString('utf8')), files: {} };
}

abstract class StandIn extends EventEmitter {
  protected server!: Server;
  url = '';
  calls: Call[] = [];
  down = false;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  protected record(method: string, body: Record<string, any>, files: Call['files']): void {
    const c = { method, body, files, at: Date.now() };
    this.calls.push(c);
    this.emit('call', c);
  }

  of(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `pred` holds for the recorded calls (re-checked on every call; no sleeping). */
  waitFor(pred: (calls: Call[]) => boolean, timeoutMs = 15_000): Promise<Call[]> {
    if (pred(this.calls)) return Promise.resolve(this.calls);
    return new Promise((res, rej) => {
      const t = setTimeout(() => {
        this.off('call', on);
        rej(new Error(`timed out; calls: ${JSON.stringify(this.calls.map((c) => [c.method, c.body.text ?? c.body.caption ?? c.body.type]))}`));
      }, timeoutMs);
      const on = () => {
        if (!pred(this.calls)) return;
        clearTimeout(t);
        this.off('call', on);
        res(this.calls);
      };
      this.on('call', on);
    });
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export class TelegramStandIn extends StandIn {
  readonly token = '123456789:AAHk-test-token-for-parley-standin';
  private nextId = 1000;
  private readonly updates: unknown[] = [];
  private readonly waiters: (() => void)[] = [];
  /** file_id → bytes and path (clients' photos and documents). */
  readonly files = new Map<string, { path: string; bytes: Buffer }>();
  webhook: { url: string; secret: string } | null = null;
  /** getUpdates calls waiting now, and the calls refused because another one was (409). */
  private polling = 0;
  conflicts = 0;

  /** Queues an update for getUpdates (long polling). */
  push(update: unknown): void {
    this.updates.push(update);
    for (const w of this.waiters.splice(0)) w();
  }

  addFile(fileId: string, bytes: Buffer, path = `documents/${fileId}`): void {
    this.files.set(fileId, { path, bytes });
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = await readAll(req);
    if (this.down) {
      this.record('down', { path: url.pathname }, {});
      return send(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' });
    }
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      const f = [...this.files.values()].find((x) => x.path === fileMatch[2]);
      if (!f || fileMatch[1] !== this.token) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-length': String(f.bytes.length) });
      res.end(f.bytes);
      return;
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!m || m[1] !== this.token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2] as string;
    const { body, files } = await parseBody(req, raw);
    if (method !== 'getUpdates') this.record(method, body, files);
    const ok = (result: unknown) => send(res, 200, { ok: true, result });
    const chat = (id: unknown) => ({ id: Number(id), type: 'private' });
    switch (method) {
      case 'getMe':
        return ok({ id: 123456789, is_bot: true, first_name: 'Parley Test', username: 'parley_test_bot' });
      case 'setWebhook':
        this.webhook = { url: body.url, secret: body.secret_token };
        return ok(true);
      case 'deleteWebhook':
        this.webhook = null;
        return ok(true);
      case 'getUpdates': {
        this.record(method, body, files);
        // Telegram serves one getUpdates caller per bot: a second one at the same time is a conflict.
        if (this.polling > 0) {
          this.conflicts++;
          return send(res, 409, {
            ok: false,
            error_code: 409,
            description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
          });
        }
        this.polling++;
        const offset = Number(body.offset ?? 0);
        const pick = () => this.updates.filter((u: any) => u.update_id >= offset);
        if (pick().length === 0 && Number(body.timeout ?? 0) > 0) {
          await new Promise<void>((r) => {
            const done = () => {
              clearTimeout(t);
              r();
            };
            const t = setTimeout(r, Number(body.timeout) * 1000);
            this.waiters.push(done);
            // The caller gave up (aborted, or its process died): it polls no more.
            res.on('close', done);
          });
        }
        this.polling--;
        return ok(pick());
      }
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
      case 'sendVideo':
      case 'sendAudio':
        if (!body.chat_id) return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
        return ok({ message_id: this.nextId++, chat: chat(body.chat_id), date: Math.floor(Date.now() / 1000), text: body.text, caption: body.caption });
      case 'editMessageText':
      case 'editMessageCaption':
        return ok({ message_id: Number(body.message_id), chat: chat(body.chat_id), text: body.text, caption: body.caption });
      case 'deleteMessage':
        return ok(true);
      case 'getFile': {
        const f = this.files.get(String(body.file_id));
        if (!f) return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return ok({ file_id: body.file_id, file_unique_id: `u${body.file_id}`, file_size: f.bytes.length, file_path: f.path });
      }
      default:
        return send(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }
}

export class WhatsAppStandIn extends StandIn {
  readonly token = 'EAAG-standin-access-token-0123456789';
  readonly phoneNumberId = '106540352242922';
  readonly appSecret = 'standin-app-secret-0123456789';
  private nextId = 1;
  /** media id → bytes and type (clients' media, and what operators upload). */
  readonly media = new Map<string, { bytes: Buffer; type: string }>();
  /** Clients whose 24-hour customer service window is closed: free-form messages to them are refused (error 131047). */
  readonly windowClosed = new Set<string>();

  /** A signed webhook call as Meta makes it. */
  signature(body: string): string {
    return `sha256=${createHmac('sha256', this.appSecret).update(body).digest('hex')}`;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = await readAll(req);
    if (this.down) {
      this.record('down', { path: url.pathname }, {});
      return send(res, 503, { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2 } });
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return send(res, 401, { error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 } });
    }
    const bytesMatch = /^\/media-bytes\/([\w-]+)$/.exec(url.pathname);
    if (bytesMatch) {
      const m = this.media.get(bytesMatch[1] as string);
      if (!m) return send(res, 404, { error: { message: 'not found', code: 100 } });
      res.writeHead(200, { 'content-type': m.type, 'content-length': String(m.bytes.length) });
      res.end(m.bytes);
      return;
    }
    const parts = url.pathname.split('/').filter(Boolean);
    const { body, files } = await parseBody(req, raw);
    if (req.method === 'GET' && parts.length === 1 && parts[0] === this.phoneNumberId) {
      this.record('phone', {}, {});
      return send(res, 200, { display_phone_number: '+1 555-010-0000', verified_name: 'Parley Test', id: this.phoneNumberId });
    }
    if (req.method === 'GET' && parts.length === 1) {
      const m = this.media.get(parts[0] as string);
      if (!m) return send(res, 404, { error: { message: 'Unsupported get request', code: 100 } });
      return send(res, 200, {
        messaging_product: 'whatsapp',
        url: `${this.url}/media-bytes/${parts[0]}`,
        mime_type: m.type,
        sha256: '',
        file_size: m.bytes.length,
        id: parts[0],
      });
    }
    if (req.method === 'POST' && parts[0] === this.phoneNumberId && parts[1] === 'media') {
      this.record('media', body, files);
      const id = `m${this.nextId++}`;
      const f = files.file;
      if (!f || body.messaging_product !== 'whatsapp') return send(res, 400, { error: { message: 'Param file is required', code: 100 } });
      return send(res, 200, { id });
    }
    if (req.method === 'POST' && parts[0] === this.phoneNumberId && parts[1] === 'messages') {
      this.record('messages', body, files);
      if (body.messaging_product !== 'whatsapp' || typeof body.to !== 'string') return send(res, 400, { error: { message: 'Invalid parameter', code: 100 } });
      if (this.windowClosed.has(body.to)) {
        return send(res, 400, {
          error: {
            message: '(#131047) Re-engagement message',
            type: 'OAuthException',
            code: 131047,
            error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
          },
        });
      }
      return send(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.out${this.nextId++}` }] });
    }
    return send(res, 404, { error: { message: 'Unknown path', code: 100 } });
  }
}
