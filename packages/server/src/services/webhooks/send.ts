import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { addressAllowed, guardedLookup, type AllowList } from './ssrf';

export interface SendResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

const MAX_ANSWER_BYTES = 4096;

/**
 * One POST of a webhook body: no redirects followed, a hard timeout, the answer read only far
 * enough to free the socket. 2xx is delivered; anything else (or no answer) is retried.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, allow: AllowList, timeoutMs: number): Promise<SendResult> {
  const started = performance.now();
  const done = (ok: boolean, status: number | null, error: string | null): SendResult => ({
    ok,
    status,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      resolve(done(false, null, 'invalid URL'));
      return;
    }
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0 && !allow.hosts.has(host) && !addressAllowed(host, allow)) {
      resolve(done(false, null, `${host} is a private or reserved address (not in PARLEY_WEBHOOK_ALLOW)`));
      return;
    }
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      u,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Parley-Webhooks/1', ...headers },
        lookup: guardedLookup(host, allow),
        timeout: timeoutMs,
      },
      (res) => {
        let seen = 0;
        res.on('data', (c: Buffer) => {
          seen += c.length;
          if (seen > MAX_ANSWER_BYTES) res.destroy();
        });
        const status = res.statusCode ?? 0;
        const finish = () => resolve(done(status >= 200 && status < 300, status, status >= 200 && status < 300 ? null : `HTTP ${status}`));
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve(done(false, null, err.message.slice(0, 300))));
    req.end(body);
  });
}
