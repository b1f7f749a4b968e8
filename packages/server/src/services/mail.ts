import { createTransport } from 'nodemailer';

/** Outgoing mail. Null when the server has no SMTP settings (then links are printed by the CLI instead). */
export interface Mailer {
  send(to: string, subject: string, text: string): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string | null, from: string | null, host: string): Mailer | null {
  if (!smtpUrl) return null;
  const transport = createTransport(smtpUrl);
  const sender = from ?? `Parley <parley@${host}>`;
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from: sender, to, subject, text });
    },
    close() {
      transport.close();
    },
  };
}
