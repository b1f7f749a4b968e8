import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { backoffDelay, type BackoffRule } from '@parley/protocol';
import { LocalTopics, type Bus } from './bus';

const PREFIX = 'parley:bus:';

/** Reconnecting to Redis: from 100 ms, doubling up to 2 s, with protocol's jitter. */
const RECONNECT: BackoffRule = { baseMs: 100, capMs: 2000 };

/**
 * A Redis connection as each of this node's clients (bus, presence share) opens it: connected by
 * the caller; while the link is down a command fails at once (nothing queued), and ioredis
 * reconnects with protocol's backoff.
 */
export function redisClient(url: string, name: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (n: number) => backoffDelay(n - 1, Math.random, RECONNECT),
    connectionName: name,
    ...extra,
  });
}

export interface RedisBusOptions {
  onError?: (err: unknown) => void;
  /** Messages that could not be published because Redis was unreachable (metrics, logs). */
  onDropped?: (topic: string) => void;
}

/**
 * The bus across nodes over Redis pub/sub. A message reaches this node's subscribers at once
 * (as in one process) and every other node through Redis (each node ignores its own echo).
 * Only topics somebody on this node listens to are subscribed in Redis.
 *
 * Redis down: nothing is queued (the offline queue is off, a publish is dropped and counted),
 * because nothing on the bus is the record: every dialog event is in the database, and after the
 * link comes back `onResync` tells the sockets to read what they missed from there (resume from
 * their last seq). ioredis reconnects with backoff and subscribes again by itself.
 */
export async function createRedisBus(url: string, opts: RedisBusOptions = {}): Promise<Bus> {
  const onError = opts.onError ?? (() => {});
  const node = randomBytes(8).toString('hex');
  const local = new LocalTopics(onError);
  const localOnly = new LocalTopics(onError);
  const resync = new Set<() => void>();
  const pub = redisClient(url, `parley-pub-${node}`);
  // The subscriber's commands (SUBSCRIBE) wait for the link instead of failing: it re-subscribes on reconnect.
  const sub = redisClient(url, `parley-sub-${node}`, { enableOfflineQueue: true, maxRetriesPerRequest: null });
  pub.on('error', onError);
  sub.on('error', onError);
  let readyOnce = false;
  sub.on('ready', () => {
    if (!readyOnce) {
      readyOnce = true;
      return;
    }
    for (const fn of [...resync]) {
      try {
        fn();
      } catch (err) {
        onError(err);
      }
    }
  });
  sub.on('message', (channel: string, raw: string) => {
    if (!channel.startsWith(PREFIX)) return;
    let env: { n: string; m: unknown };
    try {
      env = JSON.parse(raw) as { n: string; m: unknown };
    } catch (err) {
      onError(err);
      return;
    }
    if (env.n === node) return;
    const topic = channel.slice(PREFIX.length);
    local.deliver(topic, env.m);
  });
  await Promise.all([pub.connect(), sub.connect()]);

  return {
    // Another node may listen to anything: publishers always build their messages.
    heard: () => true,
    publish(topic, msg, o) {
      local.deliver(topic, msg);
      localOnly.deliver(topic, msg);
      if (o?.local) return;
      if (pub.status !== 'ready') {
        opts.onDropped?.(topic);
        return;
      }
      pub.publish(PREFIX + topic, JSON.stringify({ n: node, m: msg })).catch((err: unknown) => {
        opts.onDropped?.(topic);
        onError(err);
      });
    },
    subscribe(topic, fn, o) {
      const h = fn as (m: unknown) => void;
      // `local`: this node's messages only (delivered at publish, never from Redis).
      if (o?.local) {
        localOnly.add(topic, h);
        return () => {
          localOnly.remove(topic, h);
        };
      }
      if (local.add(topic, h)) sub.subscribe(PREFIX + topic).catch(onError);
      return () => {
        if (local.remove(topic, h)) sub.unsubscribe(PREFIX + topic).catch(onError);
      };
    },
    onResync(fn) {
      resync.add(fn);
      return () => resync.delete(fn);
    },
    async close() {
      local.clear();
      localOnly.clear();
      resync.clear();
      sub.disconnect();
      await pub.quit().catch(() => pub.disconnect());
    },
  };
}
