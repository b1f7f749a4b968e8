import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const br = (s: string) => brotliCompressSync(Buffer.from(s), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const file = process.argv[2]!;
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(file + '.map', 'utf8')) as { sources: string[]; mappings: string };
const lines = code.split('\n');
const ranges: { line: number; a: number; b: number; src: number }[] = [];
let source = 0;
map.mappings.split(';').forEach((mapped, i) => {
  let col = 0;
  const segs: { col: number; src: number }[] = [];
  for (const seg of mapped.split(',')) {
    if (!seg) continue;
    const values: number[] = []; let shift = 0, value = 0;
    for (const ch of seg) { const d = B64.indexOf(ch); value += (d & 31) << shift; if (d & 32) shift += 5; else { values.push(value & 1 ? -(value >>> 1) : value >>> 1); value = 0; shift = 0; } }
    col += values[0] ?? 0; if (values.length > 1) source += values[1]!;
    segs.push({ col, src: values.length > 1 ? source : -1 });
  }
  segs.forEach((s, j) => ranges.push({ line: i, a: s.col, b: segs[j + 1]?.col ?? lines[i]!.length, src: s.src }));
});
const total = br(code);
const srcs = new Set(ranges.map((r) => r.src));
const out: [string, number, number][] = [];
for (const s of srcs) {
  const ls = lines.map((l) => l.split(''));
  let raw = 0;
  for (const r of ranges) if (r.src === s) { for (let c = r.a; c < r.b; c++) ls[r.line]![c] = ''; raw += r.b - r.a; }
  out.push([map.sources[s] ?? '(none)', total - br(ls.map((l) => l.join('')).join('\n')), raw]);
}
out.sort((a, b) => b[1] - a[1]);
console.log('total', total);
for (const [n, d, raw] of out) console.log(String(d).padStart(6), String(raw).padStart(7), n.replace(/.*packages\//, '').replace(/.*node_modules\//, 'nm/'));
