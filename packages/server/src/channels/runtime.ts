import * as v from 'valibot';
import { releaseLease, takeLease } from '../storage/cluster/leases';
import {
  ChannelRoutes,
  TelegramSettingsSchema,
  WhatsAppSettingsSchema,
  backoffDelay,
  type ChannelsResponse,
  type ChannelTestResponse,
  type ExternalChannel,
  type Locale,
  type TelegramSettings,
  type WhatsAppSettings,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { topics } from '../realtime/topics';
import { OutboxWorker, enqueue } from './outbox';
import { behindDialogs, dispatchDialog } from './dispatch';
import { receive, type ChannelPolicy, type InboundDeps } from './inbound';
import { TelegramAdapter, deleteTelegramWebhook, parseTelegramUpdate, setTelegramWebhook } from './telegram';
import { WhatsAppAdapter, parseWhatsAppNotification } from './whatsapp';
import type { ChannelAdapter, ChannelHub } from './types';
import type { ContactRow } from './contacts';
import { releaseHeld } from './whatsapp-window';

interface Bound {
  telegram?: { settings: TelegramSettings; adapter: TelegramAdapter; poll?: AbortController; polling?: Promise<void> };
  whatsapp?: { settings: WhatsAppSettings; adapter: WhatsAppAdapter };
}

/**
 * The channels of every project at run time: settings (cached), adapters, Telegram long polling,
 * the outbox worker, and the hand-over of operator replies (on the project's console topic: the
 * events are read back from the database, so the bus is only the nudge).
 */
export class Channels implements ChannelHub {
  private readonly bound = new Map<string, Bound>();
  private readonly watching = new Map<string, () => void>();
  private readonly chains = new Map<string, Promise<unknown>>();
  readonly outbox: OutboxWorker;
  private stopped = false;
  private offConfigs: (() => void) | null = null;
  private readonly deps: InboundDeps;

  constructor(private readonly ctx: Ctx) {
    const rule = { baseMs: ctx.opts.channels.retryBaseMs, capMs: ctx.opts.channels.retryCapMs };
    this.outbox = new OutboxWorker(ctx, (p, k) => this.adapterOf(p, k), rule);
    this.deps = { ctx, say: (c, text, opts) => this.say(c, text, opts) };
  }

  async start(): Promise<void> {
    // Settings saved on another node (this node's own publish is not echoed back by the Redis bus).
    this.offConfigs = this.ctx.bus.subscribe(topics.channelConfigs, ({ projectId }) => {
      void this.load(projectId).catch((err: unknown) => this.ctx.log.error({ err, projectId }, 'channel settings'));
    });
    const rows = await this.ctx.db.selectFrom('channel_configs').select('project_id').distinct().execute();
    for (const r of rows) await this.load(r.project_id);
    for (const id of await behindDialogs(this.ctx)) await this.dispatch(id);
    this.outbox.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.offConfigs?.();
    for (const b of this.bound.values()) b.telegram?.poll?.abort();
    await Promise.allSettled([...this.bound.values()].flatMap((b) => (b.telegram?.polling ? [b.telegram.polling] : [])));
    for (const off of this.watching.values()) off();
    await this.outbox.stop();
    await Promise.allSettled([...this.chains.values()]);
  }

  adapterOf(projectId: string, kind: ExternalChannel): ChannelAdapter | null {
    const b = this.bound.get(projectId);
    const a = kind === 'telegram' ? b?.telegram : b?.whatsapp;
    return a && a.settings.enabled ? a.adapter : null;
  }

  /** Runs fn after every earlier fn of the same key (one chat's updates, one dialog's hand-over). */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.chains.set(key, next);
    void next
      .finally(() => {
        if (this.chains.get(key) === next) this.chains.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  private async say(c: ContactRow, text: string, opts: { keyboard?: 'phone' | 'remove' }): Promise<void> {
    await enqueue(
      this.ctx.db,
      {
        projectId: c.project_id,
        kind: c.kind as ExternalChannel,
        chatId: c.chat_id,
        dialogId: c.dialog_id,
        messageId: null,
        op: 'send',
        payload: { text, system: true, locale: c.locale as Locale, ...(opts.keyboard ? { keyboard: opts.keyboard } : {}) },
      },
      this.ctx.now(),
    );
    this.outbox.kick();
  }

  private dispatch(dialogId: string): Promise<void> {
    return this.serial(`dialog:${dialogId}`, async () => {
      if (await dispatchDialog(this.ctx, dialogId)) this.outbox.kick();
    });
  }

  // ----- settings ---------------------------------------------------------------------------------

  /**
   * (Re)reads a project's channels: adapters, polling, and listening to its dialogs' events. One
   * at a time per project (a save and the bus's news of it may overlap), so one poller is left.
   */
  load(projectId: string): Promise<void> {
    return this.serial(`load\n${projectId}`, () => this.reload(projectId));
  }

  private async reload(projectId: string): Promise<void> {
    const old = this.bound.get(projectId);
    old?.telegram?.poll?.abort();
    // Its lease is given up before a new loop (of this node) takes it.
    await old?.telegram?.polling;
    const rows = await this.ctx.db.selectFrom('channel_configs').selectAll().where('project_id', '=', projectId).execute();
    const b: Bound = {};
    const opts = this.ctx.opts.channels;
    for (const r of rows) {
      if (r.kind === 'telegram') {
        const s = v.safeParse(TelegramSettingsSchema, JSON.parse(r.settings));
        if (s.success) b.telegram = { settings: s.output, adapter: new TelegramAdapter(s.output, opts.telegramApiUrl) };
      } else if (r.kind === 'whatsapp') {
        const s = v.safeParse(WhatsAppSettingsSchema, JSON.parse(r.settings));
        if (s.success) b.whatsapp = { settings: s.output, adapter: new WhatsAppAdapter(s.output, opts.whatsappApiUrl) };
      }
    }
    this.bound.set(projectId, b);
    const active = (b.telegram?.settings.enabled ?? false) || (b.whatsapp?.settings.enabled ?? false);
    if (active && !this.watching.has(projectId)) {
      this.watching.set(
        projectId,
        // Local: the node whose write made the events hands them over (the cursor in the database
        // keeps it once per event anyway), not every node of a cluster at the same moment.
        this.ctx.bus.subscribe(
          topics.ops(projectId),
          (m) => {
            if (m.t === 'events') void this.dispatch(m.dialogId).catch((err: unknown) => this.ctx.log.error({ err }, 'channel hand-over'));
          },
          { local: true },
        ),
      );
    } else if (!active) {
      this.watching.get(projectId)?.();
      this.watching.delete(projectId);
    }
    if (b.telegram?.settings.enabled && b.telegram.settings.mode === 'polling' && !this.stopped) {
      const ctl = new AbortController();
      b.telegram.poll = ctl;
      b.telegram.polling = this.poll(projectId, b.telegram.adapter, ctl.signal).catch((err: unknown) =>
        this.ctx.log.error({ err, projectId }, 'telegram polling'),
      );
    }
    this.outbox.kick();
  }

  private policy(kind: ExternalChannel, s: TelegramSettings | WhatsAppSettings): ChannelPolicy {
    const tg = kind === 'telegram' ? (s as TelegramSettings) : null;
    return { kind, defaultLocale: s.defaultLocale, verifyPhone: tg?.verifyPhone ?? false, lookupUrl: tg?.phoneLookupUrl ?? null };
  }

  async settings(projectId: string, base: string): Promise<ChannelsResponse> {
    const b = this.bound.get(projectId) ?? {};
    const status = async (kind: ExternalChannel) => {
      const pending = await this.ctx.db
        .selectFrom('channel_outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', projectId)
        .where('kind', '=', kind)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      const last = await this.ctx.db
        .selectFrom('channel_outbox')
        .select(['last_error', 'status'])
        .where('project_id', '=', projectId)
        .where('kind', '=', kind)
        .where('attempts', '>', 0)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return { pending: Number(pending?.n ?? 0), lastError: last && last.status !== 'done' ? last.last_error : null };
    };
    return {
      telegram: b.telegram?.settings ?? null,
      whatsapp: b.whatsapp?.settings ?? null,
      webhooks: { telegram: base + ChannelRoutes.telegramWebhook(projectId), whatsapp: base + ChannelRoutes.whatsappWebhook(projectId) },
      status: { telegram: await status('telegram'), whatsapp: await status('whatsapp') },
    };
  }

  async save(projectId: string, kind: ExternalChannel, settings: TelegramSettings | WhatsAppSettings | null, base: string): Promise<ChannelsResponse> {
    const now = this.ctx.now();
    const prev = this.bound.get(projectId)?.telegram;
    if (settings === null) {
      await this.ctx.db.deleteFrom('channel_configs').where('project_id', '=', projectId).where('kind', '=', kind).execute();
    } else {
      await this.ctx.db
        .insertInto('channel_configs')
        .values({ project_id: projectId, kind, settings: JSON.stringify(settings), state: '{}', updated_at: now })
        .onConflict((oc) => oc.columns(['project_id', 'kind']).doUpdateSet({ settings: JSON.stringify(settings), updated_at: now }))
        .execute();
    }
    await this.load(projectId);
    this.ctx.bus.publish(topics.channelConfigs, { projectId });
    const tg = this.bound.get(projectId)?.telegram;
    if (kind === 'telegram') {
      // Telegram delivers either to a webhook or to getUpdates: tell it which, best effort (the test button shows problems).
      try {
        if (tg?.settings.enabled && tg.settings.mode === 'webhook') await setTelegramWebhook(tg.adapter, base + ChannelRoutes.telegramWebhook(projectId));
        else if (prev && (!tg || !tg.settings.enabled)) await deleteTelegramWebhook(prev.adapter);
      } catch (err) {
        this.ctx.log.warn({ err: (err as Error).message, projectId }, 'telegram webhook registration failed');
      }
    }
    return this.settings(projectId, base);
  }

  async test(projectId: string, kind: ExternalChannel): Promise<ChannelTestResponse> {
    const b = this.bound.get(projectId);
    const a = kind === 'telegram' ? b?.telegram?.adapter : b?.whatsapp?.adapter;
    if (!a) return { ok: false, detail: 'not configured' };
    return a.test();
  }

  // ----- inbound ----------------------------------------------------------------------------------

  telegramSecret(projectId: string): string | null {
    const t = this.bound.get(projectId)?.telegram;
    return t?.settings.enabled ? t.settings.webhookSecret : null;
  }

  whatsappSettings(projectId: string): WhatsAppSettings | null {
    const w = this.bound.get(projectId)?.whatsapp;
    return w?.settings.enabled ? w.settings : null;
  }

  async telegramUpdate(projectId: string, update: unknown): Promise<void> {
    const t = this.bound.get(projectId)?.telegram;
    if (!t) return;
    const inb = parseTelegramUpdate(update, t.adapter.api);
    if (!inb) return;
    await this.serial(`chat:${projectId}:telegram:${inb.chatId}`, () => receive(this.deps, projectId, this.policy('telegram', t.settings), inb));
  }

  async whatsappNotification(projectId: string, body: unknown): Promise<void> {
    const w = this.bound.get(projectId)?.whatsapp;
    if (!w) return;
    for (const inb of parseWhatsAppNotification(body, w.adapter, w.settings.phoneNumberId)) {
      await this.serial(`chat:${projectId}:whatsapp:${inb.chatId}`, async () => {
        await receive(this.deps, projectId, this.policy('whatsapp', w.settings), inb);
        // The client wrote: the window is open again for what waited for it.
        if (await releaseHeld(this.ctx, projectId, inb.chatId)) this.outbox.kick();
      });
    }
  }

  /**
   * Telegram without a public URL: ask for updates (long polling), confirming each batch by its
   * offset (kept in the database). Telegram allows one getUpdates caller per bot, so one node
   * polls: the holder of the project's lease (storage/cluster/leases.ts), renewed before each
   * call; the others check back every third of the lease and take over when its holder is gone.
   */
  private async poll(projectId: string, a: TelegramAdapter, signal: AbortSignal): Promise<void> {
    const { leaseMs, nodeId } = this.ctx.opts;
    const lease = `telegram-poll:${projectId}`;
    // One call ends well within the lease (renewed before each call).
    const secs = Math.min(this.ctx.opts.channels.pollSeconds, Math.max(1, Math.floor(leaseMs / 3000)));
    const rule = { baseMs: this.ctx.opts.channels.retryBaseMs, capMs: this.ctx.opts.channels.retryCapMs };
    let failures = 0;
    let webhookCleared = false;
    let holding = false;
    try {
      while (!signal.aborted && !this.stopped) {
        try {
          const held = await takeLease(this.ctx.db, lease, nodeId, this.ctx.now(), leaseMs);
          if (held !== holding)
            this.ctx.log.info({ projectId, node: nodeId }, held ? 'telegram long polling: this node polls' : 'telegram long polling: another node took over');
          holding = held;
          if (!held) {
            await pause(leaseMs / 3, signal);
            continue;
          }
          if (!webhookCleared) {
            await deleteTelegramWebhook(a);
            webhookCleared = true;
          }
          const row = await this.ctx.db
            .selectFrom('channel_configs')
            .select('state')
            .where('project_id', '=', projectId)
            .where('kind', '=', 'telegram')
            .executeTakeFirst();
          if (!row) return;
          const state = JSON.parse(row.state) as { offset?: number };
          const updates = await a.api.call<{ update_id: number }[]>(
            'getUpdates',
            {
              offset: state.offset ?? 0,
              timeout: secs,
              allowed_updates: ['message', 'edited_message'],
            },
            { signal, timeoutMs: secs * 1000 + Math.min(15_000, Math.floor(leaseMs / 3)) },
          );
          for (const u of updates) {
            await this.telegramUpdate(projectId, u);
            const next = JSON.stringify({ ...state, offset: u.update_id + 1 });
            await this.ctx.db.updateTable('channel_configs').set({ state: next }).where('project_id', '=', projectId).where('kind', '=', 'telegram').execute();
            state.offset = u.update_id + 1;
          }
          failures = 0;
        } catch (err) {
          if (signal.aborted || this.stopped) return;
          this.ctx.log.warn({ err: (err as Error).message, projectId }, 'telegram polling failed; retrying');
          await pause(backoffDelay(failures++, Math.random, rule), signal);
        }
      }
    } finally {
      // Stopped or switched off: another node may poll at once.
      if (holding) await releaseLease(this.ctx.db, lease, nodeId).catch(() => undefined);
    }
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((res) => {
    const t = setTimeout(res, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        res();
      },
      { once: true },
    );
  });
}
