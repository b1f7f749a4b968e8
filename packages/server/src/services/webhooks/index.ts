import type { Presence as PresenceState } from '@parley/protocol';
import type { Ctx } from '../../context';
import { enqueueMail } from '../email/outbox';
import { renderMail } from '../email/render';
import { publicBase } from '../email/threads';
import { parseAllowList, type AllowList } from './ssrf';
import { WebhookWorker } from './worker';
import { checkNobodyOnline } from './alerts';
import type { WebhookOptions } from './options';
import type { IntegrationHub } from './hub';
import type { EndpointSubscription } from './record';
import { topics, type OpsTopicMsg } from '../../realtime/topics';

/**
 * Integrations at run time: the webhook worker, the SSRF allow-list, problem alerts after commit
 * (mail, the nobody-online check on presence changes). The rest of the server calls `kick()` after
 * committing events (publishDialogChange does) and `presenceChanged()` from Presence.
 */
export class Integrations implements IntegrationHub {
  readonly allow: AllowList;
  private readonly worker: WebhookWorker;
  private readonly checking = new Map<string, Promise<void>>();
  private readonly lastNobody = new Map<string, boolean>();
  private stopped = false;
  private mailing: Promise<void> = Promise.resolve();
  private readonly subs = new Map<string, EndpointSubscription[]>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly ctx: Ctx,
    readonly o: WebhookOptions,
  ) {
    this.allow = parseAllowList(o.allow);
    this.worker = new WebhookWorker(ctx, { allow: this.allow, rule: { baseMs: o.retryBaseMs, capMs: o.retryCapMs }, timeoutMs: o.timeoutMs });
  }

  async start(): Promise<void> {
    this.unsubscribe = this.ctx.bus.subscribe(topics.webhookEndpoints, ({ projectId }) => {
      void this.load(projectId).catch((err: unknown) => this.ctx.log.error({ err }, 'webhook endpoints'));
    });
    await this.load();
    this.worker.kick();
  }

  endpoints(projectId: string): readonly EndpointSubscription[] {
    return this.subs.get(projectId) ?? [];
  }

  async endpointsChanged(projectId: string): Promise<void> {
    await this.load(projectId);
    this.ctx.bus.publish(topics.webhookEndpoints, { projectId });
  }

  /** The enabled endpoints of one project (or of all) into memory. */
  private async load(projectId?: string): Promise<void> {
    let q = this.ctx.db.selectFrom('webhook_endpoints').select(['id', 'project_id', 'events']).where('enabled', '=', 1);
    if (projectId !== undefined) q = q.where('project_id', '=', projectId);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    if (projectId !== undefined) this.subs.delete(projectId);
    else this.subs.clear();
    for (const r of rows) {
      const list = this.subs.get(r.project_id) ?? [];
      list.push({ id: r.id, events: JSON.parse(r.events) as string[] });
      this.subs.set(r.project_id, list);
    }
  }

  afterCommit(projectId: string): void {
    // Any change of a project with endpoints may have recorded deliveries (they are committed by
    // now: the fan-out runs after the commit); a kick of an idle worker is one query.
    if (this.stopped || !this.subs.has(projectId)) return;
    this.worker.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.worker.stop();
    await Promise.all(this.checking.values());
    await this.mailing;
  }

  /** Something was committed that may have made deliveries or alerts: send them. */
  kick(): void {
    if (this.stopped) return;
    this.worker.kick();
    this.mailing = this.mailing.then(() => this.mailAlerts()).catch((err: unknown) => this.ctx.log.error({ err }, 'alert mail'));
  }

  /** Alerts of the project were raised (committed) or marked seen: admins' consoles are told at once. */
  alertsChanged(projectId: string): void {
    this.ctx.bus.publish(topics.ops(projectId), { t: 'alerts' } satisfies OpsTopicMsg);
  }

  alertRaised(projectId: string): void {
    this.alertsChanged(projectId);
    this.kick();
  }

  /** Tests: the checks and alert mail started so far have finished. */
  async idle(): Promise<void> {
    await Promise.all(this.checking.values());
    await this.mailing;
  }

  /** Presence or the schedule changed for a project (Presence.refresh): maybe nobody can answer. */
  presenceChanged(projectId: string, state: PresenceState): void {
    const nobody = !state.operatorsOnline && state.scheduleOpen;
    const before = this.lastNobody.get(projectId);
    this.lastNobody.set(projectId, nobody);
    // Only a change counts: the state computed at start-up is where we begin, not news.
    if (before === undefined || before === nobody || !nobody) return;
    if (this.stopped || this.checking.has(projectId)) return;
    const run = (async () => {
      const p = await this.ctx.projects.get(projectId);
      if (!p) return;
      const alert = await checkNobodyOnline(this.ctx.db, projectId, p.settings, state, this.ctx.now());
      if (alert) this.alertRaised(projectId);
    })()
      .catch((err: unknown) => this.ctx.log.error({ err }, 'nobody-online check'))
      .finally(() => this.checking.delete(projectId));
    this.checking.set(projectId, run);
  }

  /** Alerts not mailed yet go to the project's team address (claimed first, so each is mailed once). */
  private async mailAlerts(): Promise<void> {
    if (!this.ctx.mailer) return;
    const rows = await this.ctx.db.selectFrom('alerts').selectAll().where('mailed_at', 'is', null).limit(50).execute();
    for (const a of rows) {
      const now = this.ctx.now();
      const claim = await this.ctx.db.updateTable('alerts').set({ mailed_at: now }).where('id', '=', a.id).where('mailed_at', 'is', null).executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      const p = await this.ctx.projects.get(a.project_id);
      const to = p?.settings.email.teamAddress;
      if (!p || !to) continue;
      const locale = p.settings.texts.defaultLocale;
      const link = { href: `${publicBase(this.ctx)}/console/${a.dialog_id ? `#/dialogs/${a.dialog_id}` : ''}` };
      const mail =
        a.kind === 'low_rating'
          ? renderMail(locale, { id: 'problemRatingSubject', vars: { project: p.name, score: String(a.score ?? '') } }, [
              { say: 'problemRatingIntro', vars: { score: String(a.score ?? ''), comment: a.comment ?? '' } },
              { say: 'leadOpen', vars: { link } },
            ])
          : renderMail(locale, { id: 'problemNobodySubject', vars: { project: p.name } }, [
              { say: 'problemNobodyIntro', vars: { project: p.name } },
              { say: 'leadOpen', vars: { link } },
            ]);
      await enqueueMail(this.ctx.db, { projectId: a.project_id, dialogId: a.dialog_id, kind: 'alert', now, mail: { to, ...mail } });
    }
    if (rows.length > 0) this.ctx.email.kick();
  }
}
