/**
 * Reads that must not grow with the database: the operator's list, a page of history, and a
 * visitor resuming after 1,000 missed events, on a seeded data set (run once per size; the
 * runner compares 1k with 100k dialogs). The probe dialog has the same 1,100 messages in both.
 *
 *   node --import tsx packages/server/bench/flat.ts <seeded data dir> <label>
 */
import WebSocket from 'ws';
import { DESKTOP_CHROME, DEMO_PROJECT, loginOperator, projectSecret, sign, type Frame } from '../test/harness';
import { PROBE_USER } from './dataset';
import { median, report, startBenchServer } from './lib';

const dataDir = process.argv[2];
const label = process.argv[3] ?? 'x';
if (!dataDir) throw new Error('usage: flat.ts <seeded data dir> <label>');

/** Opens a visitor socket, sends hello, resolves once `done(frame)` says so; returns the elapsed ms. */
function visit(
  url: string,
  hello: Record<string, unknown>,
  done: (f: Frame, ws: WebSocket) => boolean,
  after?: (ws: WebSocket, f: Frame) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/widget/ws`);
    let t = 0;
    let started = false;
    ws.on('open', () => {
      t = performance.now();
      ws.send(JSON.stringify({ type: 'session.hello', v: 1, project: DEMO_PROJECT, device: DESKTOP_CHROME, ...hello }));
    });
    ws.on('message', (d) => {
      const f = JSON.parse((d as Buffer).toString()) as Frame;
      if (f.type === 'session.error') reject(new Error(`session.error ${f.code}`));
      if (after && f.type === 'history.batch' && !started) {
        // The snapshot is in: time only what comes after it.
        started = true;
        t = performance.now();
        after(ws, f);
        return;
      }
      if (done(f, ws)) {
        const ms = performance.now() - t;
        ws.terminate();
        resolve(ms);
      }
    });
    ws.on('error', reject);
  });
}

const srv = await startBenchServer({ dataDir });
try {
  const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  const identity = { id: PROBE_USER, signature: sign(await projectSecret(owner), PROBE_USER) };
  const timeGet = async (path: string) => {
    const t = performance.now();
    const r = await owner.get(path);
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    return performance.now() - t;
  };
  const runs = async (n: number, fn: () => Promise<number>) => {
    await fn();
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push(await fn());
    return median(xs);
  };

  const listResolved = await runs(20, () => timeGet('/api/v1/operator/dialogs?view=resolved&limit=30'));
  const listNew = await runs(20, () => timeGet('/api/v1/operator/dialogs?view=new&limit=30'));
  // The list's second page too: a cursor must not turn into a scan.
  const first = await owner.get('/api/v1/operator/dialogs?view=resolved&limit=30');
  const listNext = await runs(20, () => timeGet(`/api/v1/operator/dialogs?view=resolved&limit=30&cursor=${first.body.next}`));
  report(`flat.${label}.list`, (listResolved + listNew + listNext) / 3, { unit: 'ms', resolved: listResolved, new: listNew, secondPage: listNext });

  // The visitor's snapshot dialog id and cursor.
  let dialogId = '';
  let cursor = 0;
  await visit(srv.url, { identity }, (f) => {
    if (f.type !== 'session.welcome') return false;
    dialogId = f.dialog.id;
    cursor = f.cursor;
    return true;
  });
  // A history page: after the snapshot, history.fetch of the 50 messages before seq 600.
  const history = await runs(20, () =>
    visit(
      srv.url,
      { identity },
      (f) => f.type === 'history.batch' && f.messages.length > 0 && f.messages[0].seq < 600,
      (ws) => ws.send(JSON.stringify({ type: 'history.fetch', dialogId, before: 600 })),
    ),
  );
  report(`flat.${label}.history`, history, { unit: 'ms' });
  // Resume after 1,000 missed events: welcome (gap) to the last event.
  const resume = await runs(10, () =>
    visit(srv.url, { identity, resume: { dialogId, seq: cursor - 1000 } }, (f) => f.seq === cursor && f.type !== 'session.welcome'),
  );
  report(`flat.${label}.resume`, resume, { unit: 'ms' });
} finally {
  await srv.stop();
}
