/**
 * Issue 16: the Statistics screen in real Chromium under the console's CSP and Trusted Types:
 * figures of the dialogs just made, uPlot charts (loaded on demand), the period picker, CSV export.
 */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { clientId, loginOperator, openVisitorSocket, sendMessage } from '../../packages/server/test/harness';
import { expectClean, useConsoleEnv } from './console-support';

describeBrowser('console: statistics', () => {
  const env = useConsoleEnv();

  it("shows the period's figures and charts, and exports them as CSV", async () => {
    const { srv, op } = env;
    const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    // Three dialogs: two answered (one closed and rated 5), one never answered.
    for (const [text, answer, rating] of [
      ['Refund for my order', true, 5],
      ['Refund is late', true, 0],
      ['Parcel lost', false, 0],
    ] as const) {
      const v = await openVisitorSocket(srv.url);
      await v.welcome;
      const dialogId = (await sendMessage(v, text)).dialogId as string;
      if (answer) await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Looking into it' });
      if (rating) {
        await owner.post(`/api/v1/operator/dialogs/${dialogId}/close`, { status: 'resolved' });
        await v.next('dialog.closed');
        v.send({ type: 'rating.submit', clientId: clientId(), dialogId, score: rating });
        await v.next('request.ack');
      }
      await v.close();
    }
    const { page } = op;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Statistics' }).click();
    await page.getByRole('heading', { name: 'Statistics' }).waitFor();
    const figure = (label: string) => page.locator('.stats-figure', { has: page.getByText(label, { exact: true }) }).locator('dd');
    await expect.poll(() => figure('Started').textContent()).toBe('3');
    expect(await figure('Closed').textContent()).toBe('1');
    expect(await figure('Missed (no reply)').textContent()).toBe('1');
    expect(await figure('Average rating').textContent()).toBe('5 (1)');
    // Both charts are drawn by uPlot on a canvas.
    await expect.poll(() => page.locator('.chart-host canvas').count()).toBe(2);
    await page.getByRole('img', { name: 'Dialogs per day' }).waitFor();
    expect(await page.getByRole('list', { name: 'Popular requests' }).getByRole('listitem').first().textContent()).toMatch(/refund\s*2/);

    await page.getByRole('button', { name: 'Year' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Year' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => figure('Started').textContent()).toBe('3');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/^parley-statistics-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv).toContain('started,3\r\n');
    expect(csv).toContain('missed,1\r\n');
    expect(csv).toMatch(/\r\nrefund,2\r\n/);
    expectClean(op);
  });
});
