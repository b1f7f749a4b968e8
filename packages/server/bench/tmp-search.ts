import SqliteDatabase from 'better-sqlite3';
import { SqliteConn } from '../src/storage/sqlite/connection';
import { sqliteDialect, sqliteExec } from '../src/storage/sqlite/exec';
import { sqliteSearch, ftsQuery } from '../src/storage/sqlite/search';
import { listDialogRows } from '../src/storage/dialog-list';
import { SEARCH_QUERIES } from './dataset';
const raw = new SqliteDatabase(process.argv[2] + "/parley.db", { readonly: true }); raw.pragma("mmap_size = 268435456"); raw.pragma("cache_size = -65536");
const x = sqliteExec(new SqliteConn(raw));
const status = (process.argv[3] ?? 'closed') as 'open' | 'closed';
for (const q of [...SEARCH_QUERIES, ...(process.argv[4] ? [process.argv[4]] : [])]) {
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    n = (await listDialogRows(x, sqliteDialect, sqliteSearch, { projectId: 'demo', status, q, limit: 30 })).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const expr = ftsQuery(q);
  const mc = (raw.prepare('SELECT count(*) c FROM messages_fts WHERE messages_fts MATCH ?').get(expr) as { c: number }).c;
  const vc = (raw.prepare('SELECT count(*) c FROM visitors_fts WHERE visitors_fts MATCH ?').get(expr) as { c: number }).c;
  console.log(q.padEnd(24), times[2]!.toFixed(1).padStart(7), 'ms', 'rows', n, 'msgHits', mc, 'visHits', vc);
}
