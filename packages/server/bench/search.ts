/**
 * Operator search on a seeded data set (100k dialogs / 350k messages), through the operator API
 * of a real server process: the latency of each query, then what concurrent searches do to
 * everybody else (acked messages per second and a visitor's ping, with and without 5 operators
 * searching back to back).
 *
 *   node --import tsx packages/server/bench/search.ts <seeded data dir> [seconds=5]
 */
import { loginOperator, type OperatorClient } from '../test/harness';
import { SEARCH_QUERIES } from './dataset';
import { closedLoop, median, openSender, openSenders, percentile, report, sleep, startBenchServer } from './lib';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: search.ts <seeded data dir> [seconds]');
const seconds = Number(process.argv[3] ?? 4);
const SENDERS = 100;
const SEARCHERS = 5;

const listUrl = (q?: string) => `/api/v1/operator/dialogs?view=resolved&limit=30${q ? `&q=${encodeURIComponent(q)}` : ''}`;

async function timed(owner: OperatorClient, path: string): Promise<number> {
  const t = performance.now();
  const r = await owner.get(path);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return performance.now() - t;
}

const srv = await startBenchServer({ dataDir });
try {
  const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  // Latency of each query (warm), and of the same list without a query.
  const all: number[] = [];
  const perQuery: Record<string, number> = {};
  for (const q of SEARCH_QUERIES) await timed(owner, listUrl(q));
  for (const q of SEARCH_QUERIES) {
    const xs: number[] = [];
    for (let i = 0; i < 7; i++) xs.push(await timed(owner, listUrl(q)));
    perQuery[q] = Math.round(median(xs) * 10) / 10;
    all.push(...xs);
  }
  const plain: number[] = [];
  for (let i = 0; i < 20; i++) plain.push(await timed(owner, listUrl()));
  const hits: Record<string, number> = {};
  for (const q of SEARCH_QUERIES) hits[q] = ((await owner.get(listUrl(q))).body.dialogs as unknown[]).length;
  report('search.p50', median(all), { unit: 'ms', perQuery, hits });
  report('search.max', Math.max(...Object.values(perQuery)), { unit: 'ms' });
  report('search.plainList', median(plain), { unit: 'ms' });

  // Everybody else while operators search.
  const senders = await openSenders(srv.url, SENDERS);
  await Promise.all(senders.map((s) => s.send('hello, first message')));
  const pinger = await openSender(srv.url);
  const phase = async (searching: boolean) => {
    let stop = false;
    const pings: number[] = [];
    let searches = 0;
    const pinging = (async () => {
      while (!stop) {
        pings.push(await pinger.ping());
        await sleep(20);
      }
    })();
    const searchers = searching
      ? Array.from({ length: SEARCHERS }, async (_, k) => {
          for (let i = k; !stop; i++) {
            await owner.get(listUrl(SEARCH_QUERIES[i % SEARCH_QUERIES.length]));
            searches++;
          }
        })
      : [];
    await closedLoop(senders, 1000);
    const r = await closedLoop(senders, seconds * 1000);
    stop = true;
    await Promise.all([pinging, ...searchers]);
    pings.sort((a, b) => a - b);
    return { perSecond: r.perSecond, pingP50: percentile(pings, 0.5), searches };
  };
  // Alternating, so a change in the machine's load does not land on one side only.
  const quiet: Awaited<ReturnType<typeof phase>>[] = [];
  const busy: Awaited<ReturnType<typeof phase>>[] = [];
  // Three pairs: on a shared 2-core machine two were not enough to tell the ratio from the noise.
  for (let i = 0; i < 3; i++) {
    quiet.push(await phase(false));
    busy.push(await phase(true));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  report('search.acksQuiet', mean(quiet.map((p) => p.perSecond)), { unit: 'msg/s', runs: quiet.map((p) => Math.round(p.perSecond)) });
  report('search.acksBusy', mean(busy.map((p) => p.perSecond)), {
    unit: 'msg/s',
    runs: busy.map((p) => Math.round(p.perSecond)),
    searches: busy.map((p) => p.searches),
    pairRatios: busy.map((p, i) => Math.round((p.perSecond / (quiet[i] as { perSecond: number }).perSecond) * 100) / 100),
  });
  report('search.pingQuiet', mean(quiet.map((p) => p.pingP50)), { unit: 'ms' });
  report('search.pingBusy', mean(busy.map((p) => p.pingP50)), { unit: 'ms' });
  for (const s of senders) s.close();
  pinger.close();
} finally {
  await srv.stop();
}
