import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';

/**
 * SSRF guard for webhook targets: loopback, private, link-local, CGNAT, multicast and reserved
 * addresses are refused unless the server's allow-list (PARLEY_WEBHOOK_ALLOW: host names, IPs or
 * CIDRs) names them. The check runs on the address actually connected to (a custom DNS lookup),
 * so a name that resolves to a private address, or re-resolves to one later, is refused too.
 */
const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
  ['100::', 64],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv6');

export interface AllowList {
  hosts: Set<string>;
  nets: BlockList;
}

export function parseAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const nets = new BlockList();
  for (const raw of entries) {
    const e = raw.trim().toLowerCase();
    if (!e) continue;
    const [addr, bits] = e.split('/') as [string, string | undefined];
    const fam = isIP(addr);
    if (fam === 0) hosts.add(e);
    else if (bits !== undefined) nets.addSubnet(addr, Number(bits), fam === 6 ? 'ipv6' : 'ipv4');
    else nets.addAddress(addr, fam === 6 ? 'ipv6' : 'ipv4');
  }
  return { hosts, nets };
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function unmapped(addr: string): { addr: string; family: 'ipv4' | 'ipv6' } {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  if (m) return { addr: m[1] as string, family: 'ipv4' };
  return { addr, family: isIP(addr) === 6 ? 'ipv6' : 'ipv4' };
}

export function addressAllowed(address: string, allow: AllowList): boolean {
  const a = unmapped(address);
  if (allow.nets.check(a.addr, a.family)) return true;
  return !BLOCKED.check(a.addr, a.family);
}

/** For a URL given by an admin: a literal private address is refused at once (names are checked when connecting). */
export function hostAllowed(hostname: string, allow: AllowList): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allow.hosts.has(h)) return true;
  if (h === 'localhost' || h.endsWith('.localhost')) return false;
  return isIP(h) === 0 ? true : addressAllowed(h, allow);
}

export class BlockedAddressError extends Error {}

/** A `lookup` for http.request that refuses blocked addresses (unless the host name itself is allowed). */
export function guardedLookup(hostname: string, allow: AllowList): LookupFunction {
  const trusted = allow.hosts.has(hostname.replace(/^\[|\]$/g, '').toLowerCase());
  return (host, options, callback) => {
    dnsLookup(host, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as { address: string; family: number }[];
      const ok = trusted ? list : list.filter((a) => addressAllowed(a.address, allow));
      const first = ok[0];
      if (!first) return callback(new BlockedAddressError(`${host} resolves to a private or reserved address (not in PARLEY_WEBHOOK_ALLOW)`), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof ok) => void)(null, ok);
      return callback(null, first.address, first.family);
    });
  };
}
