import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Ctx } from '../../context';
import { isDomainError } from '../../util/errors';
import { MAX_INBOUND_BYTES, readLimited, receiveMail } from './inbound';
import { dialogByToken, parseTokenAddress } from './threads';

/** An SMTP answer (smtp-server sends err.responseCode with the message). */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The built-in inbound mail server: accepts mail only for reply+<token>@ and bounce+<token>@
 * addresses this server issued (anything else is refused at RCPT TO, so it is no open relay),
 * and hands each message to receiveMail. Plain SMTP without auth, as an MX receives mail;
 * put it behind your MX or a relay when you need TLS.
 */
export function startSmtpReceiver(ctx: Ctx, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    name: ctx.opts.mail.replyDomain ?? undefined,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_INBOUND_BYTES,
    banner: 'Parley',
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, cb: (err?: Error | null) => void) {
      const t = parseTokenAddress(address.address);
      if (!t) return cb(smtpError(550, 'No such recipient'));
      dialogByToken(ctx, t.token).then(
        (row) => cb(row ? undefined : smtpError(550, 'No such recipient')),
        (err: unknown) => {
          ctx.log.error({ err }, 'inbound mail: recipient check failed');
          cb(smtpError(451, 'Try again later'));
        },
      );
    },
    onData(stream, session, cb) {
      void (async () => {
        try {
          const raw = await readLimited(stream);
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
          await receiveMail(ctx, raw, { to: session.envelope.rcptTo.map((r) => r.address), ...(from ? { from } : {}) });
          cb();
        } catch (err) {
          if (isDomainError(err)) {
            // Refusals are for good (5xx) except a rate limit or a full store (4xx: try later).
            const temporary = err.code === 'rate_limited' || err.code === 'storage_full';
            ctx.log.info({ code: err.code, detail: err.message }, 'inbound mail refused');
            return cb(smtpError(temporary ? 451 : 550, err.message));
          }
          ctx.log.error({ err }, 'inbound mail failed');
          cb(smtpError(451, 'Try again later'));
        }
      })();
    },
  });
  server.on('error', (err) => ctx.log.warn({ err }, 'inbound SMTP'));
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      server.server.off('error', reject);
      const a = server.server.address();
      resolve({
        port: typeof a === 'object' && a ? a.port : port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
