import * as v from 'valibot';
import { LocaleSchema, type Locale, type ProjectSettings, type PublicConfig } from '@parley/protocol';
import type { Bus } from '../bus';
import { topics, type WidgetsTopicMsg } from '../realtime/topics';
import type { Db } from '../storage/open';
import { configVersion, parseStoredSettings, publicConfig } from '../settings';
import { liveSecrets, projectIds, projectRow } from '../storage/projects';
import { articles } from '../storage/help/articles';
import { kyselyExec } from '../storage/kysely-exec';

export interface ProjectSecret {
  id: string;
  secret: string;
  createdAt: number;
  /** Set on a previous secret: it stops verifying then. */
  expiresAt: number | null;
}

export interface ProjectRecord {
  id: string;
  name: string;
  /** The current identity secret (signs; the demo signer uses it). */
  secret: string;
  /** Unrevoked secrets, current first; at most two after a rotation. Use `verifyingSecrets` to check a signature. */
  secrets: ProjectSecret[];
  settings: ProjectSettings;
  config: PublicConfig;
  /** The locales the knowledge base has published articles in: the widget's Help shows only there. */
  help: Locale[];
  /** Of `config` and `help`: what a widget's cached config is checked against. */
  configVersion: string;
  createdAt: number;
}

/**
 * Project rows are read on every hello and message; cache them, and drop an entry when any
 * node changes it (the bus tells every node).
 */
export class ProjectCache {
  private readonly cache = new Map<string, Promise<ProjectRecord | null>>();
  private readonly unsubscribe: () => void;
  private readonly listeners = new Set<(projectId: string) => void>();

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
  ) {
    this.unsubscribe = bus.subscribe(topics.projectChanged, ({ id }) => {
      this.cache.delete(id);
      for (const fn of this.listeners) fn(id);
    });
  }

  get(id: string): Promise<ProjectRecord | null> {
    let p = this.cache.get(id);
    if (!p) {
      p = this.load(id);
      this.cache.set(id, p);
      p.catch(() => this.cache.delete(id));
    }
    return p;
  }

  private async load(id: string): Promise<ProjectRecord | null> {
    const row = await projectRow(this.db, id);
    if (!row) return null;
    const settings = parseStoredSettings(row.settings, row.id, row.name);
    const config = publicConfig(settings);
    const secrets = (await liveSecrets(this.db, id)).map((r) => ({ id: r.id, secret: r.secret, createdAt: r.created_at, expiresAt: r.expires_at }));
    const help = (await articles.publishedLocales(kyselyExec(this.db), id)).map((r) => r.locale).filter((l): l is Locale => v.is(LocaleSchema, l));
    return {
      id: row.id,
      name: row.name,
      secret: secrets[0]?.secret ?? '',
      secrets,
      settings,
      config,
      help,
      configVersion: configVersion(config, help),
      createdAt: row.created_at,
    };
  }

  /** Call after writing a project row. */
  changed(id: string): void {
    this.cache.delete(id);
    this.bus.publish(topics.projectChanged, { id });
  }

  /**
   * After a write that may change what widgets see (settings, name, published articles): drops the
   * cached record everywhere and, when the config's version moved, tells the project's widgets to
   * revalidate theirs. `before`: the version read before the write.
   */
  async configChanged(id: string, before: string | undefined): Promise<void> {
    this.changed(id);
    const fresh = await this.get(id);
    if (fresh && fresh.configVersion !== before)
      this.bus.publish(topics.widgets(id), { t: 'config', configVersion: fresh.configVersion } satisfies WidgetsTopicMsg);
  }

  onChange(fn: (projectId: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async ids(): Promise<string[]> {
    return projectIds(this.db);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}

/** The secrets a visitor's signature may be made with right now: the current one and an unexpired previous one. */
export function verifyingSecrets(p: Pick<ProjectRecord, 'secrets'>, now: number): string[] {
  return p.secrets.filter((s, i) => i === 0 || s.expiresAt === null || s.expiresAt > now).map((s) => s.secret);
}
