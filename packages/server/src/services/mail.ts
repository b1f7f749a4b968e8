import type { Transporter } from 'nodemailer';

/** One message as the outbox stores it (JSON) and the mailer sends it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Display name before the server's From address (a project's sender name). */
  fromName?: string;
  replyTo?: string;
  /** The envelope sender (bounces come back to it). */
  returnPath?: string;
  headers?: Record<string, string>;
}

/** Outgoing mail. Null when the server has no SMTP settings (then links are printed by the CLI instead). */
export interface Mailer {
  /** The From address (no display name). */
  readonly address: string;
  send(to: string, subject: string, text: string): Promise<void>;
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** "Parley <chat@example.com>" → its name and address. */
export function splitAddress(from: string): { name: string; address: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return m ? { name: (m[1] ?? '').trim(), address: (m[2] ?? '').trim() } : { name: '', address: from.trim() };
}

export function createMailer(smtpUrl: string | null, from: string | null, host: string): Mailer | null {
  if (!smtpUrl) return null;
  // nodemailer loads on the first send: a server that never mails starts without it (startup time).
  let transport: Promise<Transporter> | null = null;
  let opened: Transporter | null = null;
  const open = (): Promise<Transporter> =>
    (transport ??= import('nodemailer').then(({ createTransport }) => {
      // Short timeouts: a mail server that hangs must not hold the outbox for minutes (it retries).
      opened = createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
      return opened;
    }));
  const sender = splitAddress(from ?? `Parley <parley@${host}>`);
  const deliver = async (m: OutgoingMail): Promise<void> => {
    await (
      await open()
    ).sendMail({
      from: { name: m.fromName ?? sender.name, address: sender.address },
      to: m.to,
      subject: m.subject,
      text: m.text,
      ...(m.html ? { html: m.html } : {}),
      ...(m.replyTo ? { replyTo: m.replyTo } : {}),
      ...(m.headers ? { headers: m.headers } : {}),
      ...(m.returnPath ? { envelope: { from: m.returnPath, to: m.to } } : {}),
    });
  };
  return {
    address: sender.address,
    deliver,
    send: (to, subject, text) => deliver({ to, subject, text }),
    close() {
      opened?.close();
    },
  };
}
