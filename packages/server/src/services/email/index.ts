import type { Lead } from '@parley/protocol';
import type { Ctx } from '../../context';
import { purgeOutbox, sendDueMail } from './outbox';
import { mailDueReplies, mailReplies, scheduleReplies, visitorRead } from './replies';
import { alertAssignee, mailInvitation, mailLead } from './notifications';
import type { EmailHooks } from './hooks';

/**
 * Email around the chat, as the rest of the server sees it: a few calls at the points where
 * things happen (an operator replied, a visitor wrote or read, a lead came in, someone was added)
 * and one timer that mails what is due. Every call is fire-and-forget: mail never delays or
 * fails the chat; errors are logged.
 */
export class EmailService implements EmailHooks {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private receiver: { port: number; close(): Promise<void> } | null = null;
  private purgedAt = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly visitorOnline: (visitorId: string) => boolean,
  ) {}

  async start(): Promise<void> {
    const { inboundSmtpPort, inboundSmtpHost, tickMs } = this.ctx.opts.mail;
    // smtp-server loads only on a server that receives mail itself.
    if (inboundSmtpPort > 0) this.receiver = await (await import('./smtp-receiver')).startSmtpReceiver(this.ctx, inboundSmtpPort, inboundSmtpHost);
    this.timer = setInterval(() => this.kick(), tickMs);
    this.timer.unref();
    this.kick();
  }

  /** The inbound SMTP port (when on). */
  get inboundPort(): number | null {
    return this.receiver?.port ?? null;
  }

  /** Runs the due work now (or once more right after the run in progress). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await mailDueReplies(this.ctx, this.visitorOnline);
          await sendDueMail(this.ctx);
          if (this.ctx.now() - this.purgedAt > 3_600_000) {
            this.purgedAt = this.ctx.now();
            await purgeOutbox(this.ctx);
          }
        } catch (err) {
          this.ctx.log.error({ err }, 'mail run failed');
        }
      } while (this.again && this.timer);
    })().finally(() => {
      this.running = null;
    });
  }

  private later(what: string, job: () => Promise<unknown>): void {
    void job().then(
      () => this.kick(),
      (err: unknown) => this.ctx.log.error({ err }, `mail: ${what} failed`),
    );
  }

  /** An operator replied: by email now (the composer's choice), or after the delay if the visitor is away. */
  operatorReplied(dialogId: string, visitorId: string, via: 'chat' | 'email'): void {
    if (!this.ctx.mailer) return;
    if (via === 'email') this.later('reply by email', () => mailReplies(this.ctx, dialogId));
    else if (!this.visitorOnline(visitorId)) this.later('reply schedule', () => scheduleReplies(this.ctx, dialogId));
  }

  /** A visitor wrote: the assignee hears of it by mail when they are offline. */
  visitorWrote(dialogId: string): void {
    if (!this.ctx.mailer) return;
    this.later('unread alert', () => alertAssignee(this.ctx, dialogId));
  }

  visitorRead(dialogId: string, seq: number): void {
    if (!this.ctx.mailer) return;
    this.later('read mark', () => visitorRead(this.ctx, dialogId, seq));
  }

  lead(projectId: string, lead: Lead): void {
    if (!this.ctx.mailer) return;
    this.later('lead', () => mailLead(this.ctx, projectId, lead));
  }

  invited(p: Parameters<EmailHooks['invited']>[0]): void {
    if (!this.ctx.mailer) return;
    this.later('invitation', () => mailInvitation(this.ctx, p));
  }

  /** Stops the timer and the inbound server; the mail run in progress finishes. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.receiver?.close();
    await this.running;
  }
}
