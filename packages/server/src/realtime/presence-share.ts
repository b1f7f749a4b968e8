import { randomBytes } from 'node:crypto';
import { redisClient } from '../bus-redis';

/**
 * Who has a console open on the other nodes (REDIS_URL). Each node keeps the operators holding
 * a console on it (grace period included) in its own key, `parley:presence:<node>`, rewritten on
 * every change and every `HEARTBEAT_MS` (presence.ts), expiring after `TTL_MS`: a node that dies (kill -9)
 * stops counting once its key expires. Presence reads the union of all nodes' keys.
 */
export interface PresenceShare {
  /** This node's console holders now. */
  publish(ids: readonly string[]): Promise<void>;
  /** The other nodes' (this node's own state is in memory). */
  load(): Promise<Set<string>>;
  close(): Promise<void>;
}

const TTL_MS = 15_000;
const KEY = 'parley:presence:';

export async function createRedisPresenceShare(url: string, onError: (err: unknown) => void): Promise<PresenceShare> {
  const node = randomBytes(8).toString('hex');
  const redis = redisClient(url, `parley-presence-${node}`);
  redis.on('error', onError);
  await redis.connect();
  return {
    async publish(ids) {
      await redis.set(KEY + node, JSON.stringify(ids), 'PX', TTL_MS);
    },
    async load() {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${KEY}*`, 'COUNT', 500);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      const all = new Set<string>();
      const others = keys.filter((k) => k !== KEY + node);
      if (others.length === 0) return all;
      for (const v of await redis.mget(...others)) {
        if (!v) continue;
        for (const id of JSON.parse(v) as string[]) all.add(id);
      }
      return all;
    },
    async close() {
      await redis.del(KEY + node).catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
