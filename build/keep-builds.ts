import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** How many earlier builds of the embed stay beside the new one, and for how long after they were made. */
export const KEEP_BUILDS = 3;
export const KEEP_MS = 2 * 86_400_000;

/**
 * Before a build of the embed: everything in `dir` goes but the newest `keep` build folders
 * (`<10 hex>`) made less than `maxAgeMs` ago. A page that loaded an earlier widget.js asks for its
 * own build's chunks when the visitor opens the chat, and browsers may keep using a widget.js for
 * up to a day past its hour (stale-while-revalidate, static.ts): an upgrade built in place (README)
 * keeps serving those chunks instead of breaking such pages. Returns the folders kept.
 */
export function pruneBuilds(dir: string, now = Date.now(), keep = KEEP_BUILDS, maxAgeMs = KEEP_MS): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const kept = names
    .filter((n) => /^[0-9a-f]{10}$/.test(n))
    .map((n) => ({ n, at: statSync(join(dir, n)).mtimeMs }))
    .filter((b) => now - b.at < maxAgeMs)
    .sort((a, b) => b.at - a.at)
    .slice(0, keep)
    .map((b) => b.n);
  for (const n of names) if (!kept.includes(n)) rmSync(join(dir, n), { recursive: true, force: true });
  return kept.sort();
}
