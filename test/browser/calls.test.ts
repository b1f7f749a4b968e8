import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, describeBrowser, watchPage, type PageProblems } from '../browser-helper';
import { loginOperator, startServer, type OperatorClient, type RunningServer } from '../../packages/server/test/harness';
import { expectClean, listItem, openConsole, type ConsoleSession } from './console-support';

/** Chromium's fake camera and microphone (a test pattern and a beep), allowed without a prompt. */
const FAKE_MEDIA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

/** Keeps every RTCPeerConnection the page makes, so the test can read its stats and senders. */
function recordPeers(): void {
  const Original = window.RTCPeerConnection;
  const all: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      all.push(this);
    }
  };
}

interface PeerInfo {
  state: string;
  /** Bytes received per kind (inbound-rtp). */
  inbound: { audio: number; video: number };
  /** enabled of each sender's track, by kind. */
  senders: { audio?: boolean; video?: boolean };
  /** readyState of the received tracks, by kind. */
  received: { audio?: string; video?: string };
}

/** The page's latest peer connection, as the test reads it. */
async function peer(page: Page): Promise<PeerInfo | null> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
    const pc = pcs[pcs.length - 1];
    if (!pc) return null;
    const inbound = { audio: 0, video: 0 };
    if (pc.connectionState !== 'closed') {
      const stats = await pc.getStats();
      stats.forEach((s: { type: string; kind?: string; bytesReceived?: number }) => {
        if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s.kind === 'video')) inbound[s.kind] += s.bytesReceived ?? 0;
      });
    }
    const senders: { audio?: boolean; video?: boolean } = {};
    for (const s of pc.getSenders()) if (s.track) senders[s.track.kind as 'audio' | 'video'] = s.track.enabled;
    const received: { audio?: string; video?: string } = {};
    for (const r of pc.getReceivers()) received[r.track.kind as 'audio' | 'video'] = r.track.readyState;
    return { state: pc.connectionState, inbound, senders, received };
  });
}

/** Media flows both ways: the bytes received of each kind grow on this side. */
async function expectFlowing(page: Page, kinds: ('audio' | 'video')[]): Promise<void> {
  await expect.poll(async () => (await peer(page))?.state, { timeout: 20_000 }).toBe('connected');
  const before = (await peer(page))!.inbound;
  for (const k of kinds) {
    await expect.poll(async () => (await peer(page))!.inbound[k], { timeout: 15_000 }).toBeGreaterThan(before[k] + 1000);
    expect((await peer(page))!.received[k]).toBe('live');
  }
}

interface Visitor {
  page: Page;
  problems: PageProblems;
  write(text: string): Promise<void>;
}

async function openVisitor(browser: Browser, url: string): Promise<Visitor> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US', permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  const problems = await watchPage(page);
  await page.addInitScript(recordPeers);
  await page.goto(`${url}/basic.html`);
  // Slack for a loaded machine (the chat chunk loads on this click).
  const launcher = page.getByRole('button', { name: 'Open chat' });
  await launcher.waitFor({ timeout: 30_000 });
  await launcher.click();
  const input = page.locator('#parley-panel').getByRole('textbox', { name: 'Write a message…' });
  await input.waitFor({ timeout: 30_000 });
  return {
    page,
    problems,
    async write(text) {
      await input.fill(text);
      await input.press('Enter');
      await page.locator('#parley-panel').getByText(text).waitFor();
    },
  };
}

/** The id of the dialog whose first message is `text` (the owner's API). */
async function dialogOf(owner: OperatorClient, text: string): Promise<string> {
  let id = '';
  await expect
    .poll(async () => {
      const r = await owner.get<{ dialogs: { id: string; lastMessage?: { text: string } | null }[] }>('/api/v1/operator/dialogs?view=all');
      id = r.body.dialogs.find((d) => d.lastMessage?.text === text)?.id ?? '';
      return id;
    })
    .not.toBe('');
  return id;
}

const callCard = (page: Page) => page.locator('parley-widget .call');
const widgetLine = (page: Page, re: RegExp) => page.locator('#parley-panel').getByText(re);

describeBrowser('calls: visitor and operator, WebRTC with fake media', () => {
  let srv: RunningServer;
  let browser: Browser;
  let op: ConsoleSession;
  let owner: OperatorClient;

  beforeAll(async () => {
    srv = await startServer();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    expect((await owner.patch('/api/v1/operator/me', { status: 'online' })).status).toBe(200);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...FAKE_MEDIA], headless: true });
    op = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
    await op.context.grantPermissions(['camera', 'microphone']);
    await op.page.addInitScript(recordPeers);
    await op.page.reload();
    await op.page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  async function openDialog(text: string): Promise<string> {
    const id = await dialogOf(owner, text);
    await op.page.getByRole('link', { name: /^New/ }).click();
    await listItem(op.page, id).click();
    await op.page.locator(`section.pane[data-dialog-id="${id}"]`).getByText(text).first().waitFor();
    return id;
  }

  it('the operator video-calls; the visitor answers; audio and video flow both ways; mute and camera switch the sender tracks; hang up ends both with the duration', async () => {
    const v = await openVisitor(browser, srv.url);
    await v.write('Please call me by video');
    const dialogId = await openDialog('Please call me by video');
    const pane = op.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);

    await pane.getByRole('button', { name: 'Video call', exact: true }).click();
    const card = callCard(v.page);
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('is calling you (video)');
    // The call code came only now, in its own chunk.
    await card.getByRole('button', { name: 'Answer' }).click();

    await expectFlowing(v.page, ['audio', 'video']);
    await expectFlowing(op.page, ['audio', 'video']);
    expect((await peer(v.page))!.senders).toEqual({ audio: true, video: true });
    // The received video renders frames on both sides.
    await expect
      .poll(() => v.page.evaluate(() => (document.querySelector('parley-widget')!.shadowRoot!.querySelector('.rv') as HTMLVideoElement).videoWidth))
      .toBeGreaterThan(0);
    await expect.poll(() => op.page.evaluate(() => (document.querySelector('.call-remote') as HTMLVideoElement).videoWidth)).toBeGreaterThan(0);

    // The visitor mutes and turns the camera off: the sender tracks follow, and back.
    await card.getByRole('button', { name: 'Mute microphone' }).click();
    await expect.poll(async () => (await peer(v.page))!.senders.audio).toBe(false);
    await card.getByRole('button', { name: 'Turn camera off' }).click();
    await expect.poll(async () => (await peer(v.page))!.senders.video).toBe(false);
    await card.getByRole('button', { name: 'Unmute microphone' }).click();
    await card.getByRole('button', { name: 'Turn camera on' }).click();
    await expect.poll(async () => (await peer(v.page))!.senders).toEqual({ audio: true, video: true });
    // The operator too.
    const dock = op.page.locator('.call-dock');
    await dock.getByRole('button', { name: 'Mute microphone' }).click();
    await expect.poll(async () => (await peer(op.page))!.senders.audio).toBe(false);
    await dock.getByRole('button', { name: 'Turn camera off' }).click();
    await expect.poll(async () => (await peer(op.page))!.senders.video).toBe(false);
    // One camera here (the fake device): no "switch camera" button.
    expect(await card.getByRole('button', { name: 'Switch camera' }).count()).toBe(0);

    await dock.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toMatch(/Call ended · 00:\d\d/);
    await expect.poll(() => dock.innerText()).toMatch(/Call ended · 00:\d\d/);
    await expect.poll(async () => (await peer(v.page))!.state).toBe('closed');
    expect((await peer(op.page))!.state).toBe('closed');
    // The camera and microphone are released on both sides.
    const liveTracks = (page: Page) =>
      page.evaluate(() => {
        const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
        return pcs.flatMap((pc) => pc.getSenders().map((s) => s.track?.readyState ?? 'none')).filter((s) => s === 'live').length;
      });
    expect(await liveTracks(v.page)).toBe(0);
    expect(await liveTracks(op.page)).toBe(0);

    // Start and end with the duration, in the dialog for both sides (the project's language).
    const endLine = /^(Video call ended, duration|Видеозвонок завершён, длительность) \d\d:\d\d$/;
    await widgetLine(v.page, /^(Video call started|Видеозвонок начался)$/).waitFor({ timeout: 10_000 });
    await widgetLine(v.page, endLine).waitFor({ timeout: 10_000 });
    await pane.getByText(endLine).waitFor({ timeout: 10_000 });
    expectClean(op);
    expect(v.problems.pageErrors).toEqual([]);
    expect(v.problems.cspViolations).toEqual([]);
    await v.page.context().close();
  });

  it('the visitor asks for a voice call; the operator answers from the dock; the visitor hangs up', async () => {
    const v = await openVisitor(browser, srv.url);
    await v.write('Voice call, please');
    const dialogId = await dialogOf(owner, 'Voice call, please');
    const panel = v.page.locator('#parley-panel');
    await panel.getByRole('button', { name: 'Call', exact: true }).click();
    await expect.poll(() => callCard(v.page).innerText(), { timeout: 15_000 }).toContain('Calling…');

    const dock = op.page.locator('.call-dock');
    await expect.poll(() => dock.innerText(), { timeout: 15_000 }).toContain('asks for a call');
    await dock.getByRole('button', { name: 'Answer' }).click();
    // Answering opens the dialog.
    await op.page.locator(`section.pane[data-dialog-id="${dialogId}"]`).waitFor();
    await expectFlowing(op.page, ['audio']);
    await expectFlowing(v.page, ['audio']);
    expect((await peer(v.page))!.senders).toEqual({ audio: true });

    await callCard(v.page).getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => dock.innerText(), { timeout: 10_000 }).toMatch(/Call ended · 00:\d\d/);
    await expect.poll(async () => (await peer(op.page))!.state).toBe('closed');
    await widgetLine(v.page, /^(Call ended, duration|Звонок завершён, длительность) \d\d:\d\d$/).waitFor({ timeout: 10_000 });
    await dock.getByRole('button', { name: 'Close' }).click();
    expect(v.problems.pageErrors).toEqual([]);
    await v.page.context().close();
  });

  it('a call the visitor declines: the operator is told, and the dialog says so', async () => {
    const v = await openVisitor(browser, srv.url);
    await v.write('Not now for calls');
    const dialogId = await openDialog('Not now for calls');
    const pane = op.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByRole('button', { name: 'Call', exact: true }).click();
    const card = callCard(v.page);
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('is calling you');
    await card.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => card.count()).toBe(0);
    const dock = op.page.locator('.call-dock');
    await expect.poll(() => dock.innerText(), { timeout: 10_000 }).toContain('The visitor declined the call');
    await widgetLine(v.page, /^(Call declined|Звонок отклонён)$/).waitFor({ timeout: 10_000 });
    await pane.getByText(/^(Call declined|Звонок отклонён)$/).waitFor({ timeout: 10_000 });
    // No media was ever opened on the visitor's side.
    expect(await peer(v.page)).toBeNull();
    await dock.getByRole('button', { name: 'Close' }).click();
    expectClean(op);
    await v.page.context().close();
  });
});
