import { presenceOf, scheduleState, type OperatorStatus, type Presence as PresenceState } from '@parley/protocol';
import type { Bus } from '../bus';
import type { Db } from '../storage/open';
import { onlineMembers } from '../storage/memberships';
import type { ProjectCache } from '../services/projects';
import { topics, type OpsTopicMsg, type WidgetsTopicMsg } from './topics';
import type { PresenceShare } from './presence-share';

/** How often this node rewrites its share of presence in Redis (its key lives 3 heartbeats, presence-share.ts). */
export const HEARTBEAT_MS = 5_000;

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Whether anyone can answer, pushed to widgets only when it changes: operators online (explicit
 * status online AND a console open, with a grace period after the last console closes so a reload
 * does not flap) and the schedule (one timer per project, fired at the schedule's next change).
 */
export class Presence {
  private readonly sockets = new Map<string, number>(); // operatorId -> open console sockets
  private readonly grace = new Map<string, NodeJS.Timeout>(); // operatorId -> pending "gone" timer
  private readonly last = new Map<string, string>(); // projectId -> last pushed state (JSON)
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly stopWatching: () => void;
  private closed = false;
  /** Operators with a console open on the other nodes (with a share). */
  private others = new Set<string>();
  private readonly offShared: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: {
      db: Db;
      bus: Bus;
      projects: ProjectCache;
      now: () => number;
      graceMs: number;
      onError: (e: unknown) => void;
      onState?: (projectId: string, p: PresenceState) => void;
      /** Many nodes (REDIS_URL): consoles open on the others count too. */
      share?: PresenceShare | null;
    },
  ) {
    this.stopWatching = deps.projects.onChange((id) => {
      void this.refresh(id);
    });
    const share = deps.share;
    if (share) {
      // Another node's consoles changed: recompute those projects here, for this node's widgets.
      this.offShared = deps.bus.subscribe(topics.presenceChanged, ({ projectIds }) => {
        void this.reloadShared().then(() => Promise.all(projectIds.map((p) => this.refresh(p))));
      });
      this.heartbeat = setInterval(() => {
        this.sync(share).catch((err: unknown) => deps.onError(err));
      }, HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  /** Loads every node's console holders (a share only); at start and after changes. */
  async start(): Promise<void> {
    if (this.deps.share) await this.sync(this.deps.share);
  }

  /** Writes this node's console holders to the share and reads the other nodes' (start, heartbeat, changes here). */
  private async sync(share: PresenceShare): Promise<void> {
    await share.publish(this.localIds());
    await this.reloadShared();
  }

  private async reloadShared(): Promise<void> {
    if (!this.deps.share || this.closed) return;
    try {
      this.others = await this.deps.share.load();
    } catch (err) {
      this.deps.onError(err);
    }
  }

  private localIds(): string[] {
    return [...new Set([...this.sockets.keys(), ...this.grace.keys()])].filter((id) => this.connectedHere(id));
  }

  /** This node's consoles changed: other nodes hear of it (and recompute those projects). */
  private async shareChange(projectIds: readonly string[]): Promise<void> {
    const share = this.deps.share;
    if (!share || this.closed) return;
    try {
      await this.sync(share);
      this.deps.bus.publish(topics.presenceChanged, { projectIds: [...projectIds] });
    } catch (err) {
      this.deps.onError(err);
    }
  }

  private connectedHere(operatorId: string): boolean {
    return (this.sockets.get(operatorId) ?? 0) > 0 || this.grace.has(operatorId);
  }

  private connected(operatorId: string): boolean {
    return this.connectedHere(operatorId) || this.others.has(operatorId);
  }

  /** Has this operator a console open (or closed it moments ago: a reload)? */
  consoleOpen(operatorId: string): boolean {
    return this.connected(operatorId);
  }

  /** Tells the projects' consoles what colleagues and visitors now see of this operator. */
  private async announce(projectIds: readonly string[], operatorId: string): Promise<void> {
    try {
      const row = await this.deps.db.selectFrom('operators').select('status').where('id', '=', operatorId).executeTakeFirst();
      if (!row) return;
      const status: OperatorStatus = row.status === 'online' ? 'online' : 'offline';
      const presence = presenceOf(status, this.connected(operatorId));
      for (const p of projectIds) this.deps.bus.publish(topics.ops(p), { t: 'presence', operatorId, status, presence } satisfies OpsTopicMsg);
    } catch (err) {
      this.deps.onError(err);
    }
  }

  /** A console opened; an operator is reachable in every project they belong to (`projectIds`). */
  operatorConnected(projectIds: string | readonly string[], operatorId: string): void {
    const wasOpen = this.connected(operatorId);
    const t = this.grace.get(operatorId);
    if (t) {
      clearTimeout(t);
      this.grace.delete(operatorId);
    }
    this.sockets.set(operatorId, (this.sockets.get(operatorId) ?? 0) + 1);
    const list = typeof projectIds === 'string' ? [projectIds] : projectIds;
    if (!wasOpen) void this.announce(list, operatorId);
    if (!wasOpen) void this.shareChange(list);
    for (const p of list) void this.refresh(p);
  }

  operatorDisconnected(projectIds: string | readonly string[], operatorId: string): void {
    const list = typeof projectIds === 'string' ? [projectIds] : [...projectIds];
    const n = (this.sockets.get(operatorId) ?? 1) - 1;
    if (n > 0) {
      this.sockets.set(operatorId, n);
      return;
    }
    this.sockets.delete(operatorId);
    if (this.closed) return;
    const t = setTimeout(() => {
      this.grace.delete(operatorId);
      void this.deps.db
        .updateTable('operators')
        .set({ last_seen_at: this.deps.now() })
        .where('id', '=', operatorId)
        .execute()
        .catch((err: unknown) => this.deps.onError(err));
      // Still open on another node? The share knows once this node's key no longer holds it.
      void this.shareChange(list).then(() => {
        void this.announce(list, operatorId);
        for (const p of list) void this.refresh(p);
      });
    }, this.deps.graceMs);
    t.unref();
    this.grace.set(operatorId, t);
  }

  /** Explicit status changed (PATCH /me): tell the consoles, then the widgets if it matters. */
  statusChanged(projectId: string, operatorId: string, status: 'online' | 'offline'): void {
    this.deps.bus.publish(topics.ops(projectId), {
      t: 'presence',
      operatorId,
      status,
      presence: presenceOf(status, this.connected(operatorId)),
    } satisfies OpsTopicMsg);
    void this.refresh(projectId);
    // The other nodes compute presence for their own widgets: they recompute this project too.
    if (this.deps.share) this.deps.bus.publish(topics.presenceChanged, { projectIds: [projectId] });
  }

  async current(projectId: string): Promise<PresenceState> {
    const project = await this.deps.projects.get(projectId);
    const now = this.deps.now();
    const sched = project ? scheduleState(project.settings.schedule, now) : { open: false, nextChange: null };
    const ids = [...new Set([...this.localIds(), ...this.others])];
    const online = await onlineMembers(this.deps.db, projectId, ids);
    return { operatorsOnline: online, scheduleOpen: sched.open, nextChange: sched.nextChange };
  }

  /**
   * The state as last computed: refresh() keeps it current on every change (operators, settings,
   * the schedule's next change), so the config endpoint answers without a query per page view.
   */
  async snapshot(projectId: string): Promise<PresenceState> {
    if (!this.last.has(projectId)) await this.refresh(projectId);
    const known = this.last.get(projectId);
    return known !== undefined ? (JSON.parse(known) as PresenceState) : this.current(projectId);
  }

  /** Recomputes, pushes presence.update when it changed, and re-arms the schedule timer. */
  async refresh(projectId: string): Promise<void> {
    if (this.closed) return;
    try {
      const p = await this.current(projectId);
      const key = JSON.stringify(p);
      const prev = this.last.get(projectId);
      this.last.set(projectId, key);
      if (prev !== undefined && prev !== key) {
        // Each node computes presence for its own widgets (with REDIS_URL every node hears of every change).
        this.deps.bus.publish(topics.widgets(projectId), { t: 'presence', presence: p } satisfies WidgetsTopicMsg, { local: true });
      }
      this.arm(projectId, p.nextChange);
      this.deps.onState?.(projectId, p);
    } catch (err) {
      this.deps.onError(err);
    }
  }

  private arm(projectId: string, nextChange: number | null): void {
    const old = this.timers.get(projectId);
    if (old) clearTimeout(old);
    this.timers.delete(projectId);
    if (nextChange === null || this.closed) return;
    // A few ms late rather than early: scheduleState must already report the new state.
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, nextChange - this.deps.now() + 5));
    const t = setTimeout(() => {
      this.timers.delete(projectId);
      void this.refresh(projectId);
    }, delay);
    t.unref();
    this.timers.set(projectId, t);
  }

  close(): void {
    this.closed = true;
    this.stopWatching();
    this.offShared?.();
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const t of this.grace.values()) clearTimeout(t);
    for (const t of this.timers.values()) clearTimeout(t);
    this.grace.clear();
    this.timers.clear();
  }
}
