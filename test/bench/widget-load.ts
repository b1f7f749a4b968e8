/**
 * Cold load of the paste-one-tag page in Chromium against a real server, N times:
 * time until the launcher is on screen, script bytes fetched before any interaction, the same after
 * opening the panel, and the page's JS heap. Prints one JSON line. Part of `npm run bench`.
 *
 *   node --import tsx test/bench/widget-load.ts [runs=10]
 */
import { startServer } from '../../packages/server/test/harness';
import { launchBrowser } from '../browser-helper';

const runs = Number(process.argv[2] ?? 10);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const server = await startServer();
const browser = await launchBrowser();
const launcherMs: number[] = [];
const initialBytes: number[] = [];
const openedBytes: number[] = [];
const heapKb: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    // Sum the bytes of script responses only (encodedDataLength = bytes on the wire).
    const scriptIds = new Set<string>();
    const bytesOf = new Map<string, number>();
    cdp.on('Network.responseReceived', (e: { requestId: string; type: string }) => {
      if (e.type === 'Script') scriptIds.add(e.requestId);
    });
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => bytesOf.set(e.requestId, e.encodedDataLength));
    const scripts = () => [...scriptIds].reduce((s, id) => s + (bytesOf.get(id) ?? 0), 0);

    const t0 = Date.now();
    await page.goto(`${server.url}/basic.html`);
    await page.locator('.parley-holder').first().waitFor({ state: 'attached' });
    await page.waitForFunction(() => {
      const host = document.querySelector('.parley-holder');
      const button = host?.shadowRoot?.querySelector('button');
      return !!button && button.getBoundingClientRect().width > 0;
    });
    launcherMs.push(Date.now() - t0);
    await page.waitForLoadState('networkidle');
    initialBytes.push(scripts());
    const metrics = await cdp.send('Performance.getMetrics');
    heapKb.push(Math.round((metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024));
    await page.evaluate(() => (document.querySelector('.parley-holder')?.shadowRoot?.querySelector('button') as HTMLButtonElement).click());
    // The panel arrives with the lazy chunks: wait for it, then for the network to settle.
    await page.waitForFunction(() => !!document.querySelector('.parley-holder')?.shadowRoot?.querySelector('[role="dialog"]'));
    await page.waitForLoadState('networkidle');
    openedBytes.push(scripts());
    await context.close();
  }
  console.log(
    JSON.stringify({
      bench: 'widget-load',
      runs,
      launcherVisibleMsMedian: median(launcherMs),
      scriptBytesBeforeInteraction: median(initialBytes),
      scriptBytesAfterOpen: median(openedBytes),
      jsHeapKbMedian: median(heapKb),
      note: 'bytes on the wire, headers included: gzip here (Chromium asks for brotli only over https); npm run size has the brotli figures',
    }),
  );
  // The line scripts/bench.ts puts in its table.
  console.log(`BENCH ${JSON.stringify({ key: 'widget.launcherMs', value: median(launcherMs), unit: 'ms' })}`);
} finally {
  await browser.close();
  await server.stop();
}
