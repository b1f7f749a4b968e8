import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';

/**
 * Which hops may set X-Forwarded-*: none, all (true), that many in front of us (a number), or
 * the proxies' addresses (a comma-separated list). Fastify gets the same function (app.ts), so
 * every part of the server agrees on a client's address.
 */
export function trustFunction(trust: boolean | number | string): (addr: string, hop: number) => boolean {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_addr, hop) => hop < trust;
  return proxyAddr.compile(trust.split(',').map((s) => s.trim()));
}

/** The client's address under that rule (Fastify's req.ip, for requests that skip the router). */
export function clientIp(req: IncomingMessage, trust: (addr: string, hop: number) => boolean): string | null {
  const all = proxyAddr.all(req, trust);
  return all[all.length - 1] ?? null;
}
