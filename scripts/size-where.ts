/**
 * `npm run size -- --where`: where each kilobyte of a browser bundle goes. Every byte of a built
 * file is charged to the source its source map names (grouped by package and folder), and each
 * group's share of the file's brotli size is estimated in proportion to its raw bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleReport } from './size';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The generated columns of one line's mappings, each with the index of its source (or -1). */
function decodeLine(line: string, state: { source: number }): { col: number; source: number }[] {
  const out: { col: number; source: number }[] = [];
  let col = 0;
  for (const seg of line.split(',')) {
    if (!seg) continue;
    const values: number[] = [];
    let shift = 0;
    let value = 0;
    for (const ch of seg) {
      const digit = B64.indexOf(ch);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    col += values[0] ?? 0;
    if (values.length > 1) state.source += values[1] ?? 0;
    out.push({ col, source: values.length > 1 ? state.source : -1 });
  }
  return out;
}

/** Raw bytes of a built file per source file, from its source map. */
export function bytesBySource(file: string): Map<string, number> {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
  const lines = code.split('\n');
  const by = new Map<string, number>();
  const state = { source: 0 };
  map.mappings.split(';').forEach((mapped, i) => {
    const segs = decodeLine(mapped, state);
    const length = lines[i]?.length ?? 0;
    segs.forEach((s, j) => {
      const name = s.source >= 0 ? (map.sources[s.source] ?? '?') : '(no source)';
      by.set(name, (by.get(name) ?? 0) + ((segs[j + 1]?.col ?? length) - s.col));
    });
  });
  return by;
}

/** A source's group: the npm package, or the package and folder of ours. */
export function groupOf(source: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (nm) return nm[1]!;
  const ours = /packages\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(source);
  if (ours) return ours[2] ? `${ours[1]}/${ours[2]}` : ours[1]!;
  return source;
}

export function printWhere(reports: BundleReport[], dist: string): void {
  for (const r of reports) {
    for (const role of ['initial', 'lazy'] as const) {
      const groups = new Map<string, { raw: number; brotli: number }>();
      for (const f of r.files.filter((x) => x.role === role)) {
        const path = join(dist, f.file);
        if (!existsSync(`${path}.map`)) continue;
        const by = bytesBySource(path);
        const total = [...by.values()].reduce((a, b) => a + b, 0) || 1;
        for (const [source, raw] of by) {
          const g = groups.get(groupOf(source)) ?? { raw: 0, brotli: 0 };
          g.raw += raw;
          g.brotli += (raw / total) * f.sizes.brotli;
          groups.set(groupOf(source), g);
        }
      }
      if (groups.size === 0) continue;
      console.log(`\n${r.bundle}: ${role === 'initial' ? 'before interaction' : 'loaded later'} (brotli shares estimated from raw bytes)`);
      for (const [name, g] of [...groups].sort((a, b) => b[1].brotli - a[1].brotli)) {
        console.log(`  ${(g.brotli / 1024).toFixed(2).padStart(6)} KB  ${(g.raw / 1024).toFixed(2).padStart(7)} KB raw  ${name}`);
      }
    }
  }
}
