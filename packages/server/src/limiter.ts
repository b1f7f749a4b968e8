import type Redis from 'ioredis';
import { BucketMap, type BucketRule } from './rate-limit';

/** One token bucket per key, wherever the buckets live (this process, or Redis for every node). */
export interface Limiter {
  readonly rule: BucketRule;
  /** Takes `cost` tokens from `key`'s bucket; refused: how long until they would be there. */
  take(key: string, cost?: number): Promise<Taken>;
  /**
   * The same, answered at once, when the buckets are in this process (absent for Redis): a hot path
   * (each visitor message) then starts its write in the same turn, without waiting a microtask.
   */
  takeNow?(key: string, cost?: number): Taken;
  /** Drops full buckets kept in this process. */
  sweep(): void;
}

export interface Taken {
  ok: boolean;
  /** 0 when taken; Infinity when the bucket never refills. */
  retryAfterMs: number;
}

/** The buckets in this process (one node, or Redis unreachable). */
export function localLimiter(rule: BucketRule, now: () => number): Limiter {
  const map = new BucketMap(rule, now);
  const takeNow = (key: string, cost = 1): Taken => {
    const ok = map.take(key, cost);
    return { ok, retryAfterMs: ok ? 0 : map.retryAfterMs(key, cost) };
  };
  return {
    rule,
    take: (key, cost) => Promise.resolve(takeNow(key, cost)),
    takeNow,
    sweep: () => map.sweep(),
  };
}

/**
 * The same bucket as `TokenBucket`, refilled and taken in one Lua script so that every node
 * takes from one budget: a hash of tokens and the time of the last refill, expiring once it would
 * be full again. Times come from the caller's clock (the nodes' clocks agree closely enough for
 * budgets counted in seconds).
 */
const SCRIPT = `
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local v = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = tonumber(v[1])
local upd = tonumber(v[2])
if tokens == nil or upd == nil then
  tokens = cap
  upd = now
end
if now > upd then
  tokens = math.min(cap, tokens + (now - upd) / 1000 * rate)
  upd = now
end
local ok = 0
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
  ok = 1
elseif rate > 0 then
  wait = math.ceil((cost - tokens) / rate * 1000)
else
  wait = -1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(upd))
local ttl = 86400000
if rate > 0 then ttl = math.ceil((cap - tokens) / rate * 1000) + 1000 end
redis.call('PEXPIRE', KEYS[1], ttl)
return {ok, wait}
`;

type TakeCommand = (key: string, cap: number, rate: number, now: number, cost: number) => Promise<[number, number]>;

/**
 * REDIS_URL: the buckets in Redis, so a client spread over several nodes has one budget. While
 * Redis does not answer, this node's own buckets decide (a limit is never a reason to refuse
 * everybody): `fallback` is the local limiter of the same rule.
 */
export function redisLimiter(redis: Redis, name: string, rule: BucketRule, now: () => number, onError: (err: unknown) => void): Limiter {
  const fallback = localLimiter(rule, now);
  if (!('parleyTake' in redis)) redis.defineCommand('parleyTake', { numberOfKeys: 1, lua: SCRIPT });
  const take = (redis as unknown as { parleyTake: TakeCommand }).parleyTake.bind(redis);
  return {
    rule,
    async take(key, cost = 1) {
      if (!(rule.capacity > 0)) return { ok: true, retryAfterMs: 0 }; // capacity 0 or less disables the limit
      if (redis.status !== 'ready') return fallback.take(key, cost);
      try {
        const [ok, wait] = await take(`parley:rl:${name}:${key}`, rule.capacity, rule.perSecond, now(), cost);
        return { ok: ok === 1, retryAfterMs: ok === 1 ? 0 : wait < 0 ? Infinity : wait };
      } catch (err) {
        onError(err);
        return fallback.take(key, cost);
      }
    },
    sweep: () => fallback.sweep(),
  };
}
