/**
 * A stand-in for a site's mail provider on loopback (smtp-server): captures every mail a Parley
 * server sends, parsed with mailparser. Integration and browser tests use it.
 */
import { expect } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface Captured {
  to: string[];
  from: string;
  mail: ParsedMail;
}

export class Capture {
  mails: Captured[] = [];
  /** While set, every mail is answered with this SMTP code (4xx: try later) instead of taken; `refused` counts them. */
  refuseWith: number | null = null;
  refused = 0;
  private server: SMTPServer | null = null;
  constructor(readonly port: number) {}
  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, done) => {
        if (this.refuseWith !== null) {
          const code = this.refuseWith;
          this.refused++;
          stream.resume();
          stream.on('end', () => done(Object.assign(new Error('try again later'), { responseCode: code })));
          return;
        }
        void simpleParser(stream).then((mail) => {
          this.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            mail,
          });
          done();
        }, done);
      },
    });
    const s = this.server;
    await new Promise<void>((res) => s.listen(this.port, '127.0.0.1', () => res()));
  }
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((res) => s.close(() => res()));
  }
  to(addr: string): Captured[] {
    return this.mails.filter((m) => m.to.includes(addr));
  }
  async find(pred: (m: Captured) => boolean): Promise<Captured> {
    await expect.poll(() => this.mails.some(pred), { timeout: 15_000 }).toBe(true);
    return this.mails.find(pred) as Captured;
  }
  async next(addr: string, count = 1): Promise<Captured> {
    await expect.poll(() => this.to(addr).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
    return this.to(addr)[count - 1] as Captured;
  }
}
