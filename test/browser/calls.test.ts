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

/**
 * A phone's second camera: Chromium's fake media has one camera, so the page's device list gets a
 * second "back" camera whose stream is a drawn canvas. The widget's own switch code then runs as is:
 * enumerateDevices, getUserMedia with the next deviceId, replaceTrack on the live sender.
 */
function secondCamera(): void {
  const md = navigator.mediaDevices;
  const enumerate = md.enumerateDevices.bind(md);
  const gum = md.getUserMedia.bind(md);
  const w = window as unknown as { __back?: MediaStreamTrack[] };
  w.__back = [];
  md.enumerateDevices = async () => [
    ...(await enumerate()),
    { kind: 'videoinput', deviceId: 'back-camera', groupId: 'back', label: 'Back camera', toJSON: () => ({}) },
  ];
  md.getUserMedia = async (c?: MediaStreamConstraints) => {
    const id = typeof c?.video === 'object' ? (c.video.deviceId as { exact?: string } | undefined)?.exact : undefined;
    if (id !== 'back-camera') return gum(c);
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const g = canvas.getContext('2d')!;
    let n = 0;
    setInterval(() => {
      g.fillStyle = `hsl(${(n += 10) % 360} 80% 50%)`;
      g.fillRect(0, 0, 320, 240);
    }, 50);
    const stream = canvas.captureStream(15);
    w.__back!.push(...stream.getVideoTracks());
    return stream;
  };
}

/** Which camera the visitor's call sends: the back one (the canvas), the front one (the fake device), and whether the old one stopped. */
const sentCamera = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; __back: MediaStreamTrack[] };
    const pc = w.__pcs[w.__pcs.length - 1]!;
    const t = pc.getSenders().find((s) => s.track?.kind === 'video')?.track;
    return {
      back: !!t && w.__back.includes(t),
      enabled: t?.enabled,
      live: t?.readyState,
      backsStopped: w.__back.filter((b) => b !== t && b.readyState === 'ended').length,
    };
  });

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

/** Every attachment in a dialog's timeline (the owner's API). */
async function attachmentsOf(owner: OperatorClient, dialogId: string): Promise<{ mime: string; size: number; url: string; name: string }[]> {
  const r = await owner.get<unknown>(`/api/v1/operator/dialogs/${dialogId}/timeline`);
  const found: { mime: string; size: number; url: string; name: string }[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (Array.isArray(o.attachments)) found.push(...(o.attachments as typeof found));
      else Object.values(o).forEach(walk);
    }
  };
  walk(r.body);
  return found;
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

  it('the operator video-calls; the visitor answers; audio and video flow both ways; mute, camera off and switching cameras change the sender tracks; hang up ends both with the duration', async () => {
    const v = await openVisitor(browser, srv.url);
    await v.write('Please call me by video');
    const dialogId = await openDialog('Please call me by video');
    const pane = op.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);

    await v.page.evaluate(secondCamera);
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
    // Two cameras (a phone's front and back; the second one injected, see secondCamera): the
    // visitor switches, the call sends the other camera on the same connection (no renegotiation),
    // the operator keeps receiving video, the old track is released; and back again.
    const flip = card.getByRole('button', { name: 'Switch camera' });
    const pcsBefore = await v.page.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length);
    expect(await sentCamera(v.page)).toMatchObject({ back: false, live: 'live' });
    await flip.click();
    await expect.poll(() => sentCamera(v.page), { timeout: 10_000 }).toEqual({ back: true, enabled: true, live: 'live', backsStopped: 0 });
    await expectFlowing(op.page, ['video']);
    await flip.click();
    await expect.poll(() => sentCamera(v.page), { timeout: 10_000 }).toEqual({ back: false, enabled: true, live: 'live', backsStopped: 1 });
    await expectFlowing(op.page, ['video']);
    expect(await v.page.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length)).toBe(pcsBefore);
    // The camera turned off stays off across a switch.
    await card.getByRole('button', { name: 'Turn camera off' }).click();
    await flip.click();
    await expect.poll(() => sentCamera(v.page), { timeout: 10_000 }).toMatchObject({ back: true, enabled: false });

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
  it('recording with both consents: the operator asks, the visitor agrees, both see the indicator, the visitor stops it, and a playable WebM lands in the dialog', async () => {
    const v = await openVisitor(browser, srv.url);
    await v.write('Record our video call');
    const dialogId = await openDialog('Record our video call');
    const pane = op.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByRole('button', { name: 'Video call', exact: true }).click();
    const card = callCard(v.page);
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('is calling you (video)');
    await card.getByRole('button', { name: 'Answer' }).click();
    await expectFlowing(op.page, ['audio', 'video']);
    const dock = op.page.locator('.call-dock');
    await dock.getByRole('button', { name: 'Record', exact: true }).click();
    await expect.poll(() => dock.innerText()).toContain('Waiting for the visitor to agree to recording');
    const ask = card.getByRole('alertdialog', { name: 'The operator asks to record this call. Do you agree?' });
    await ask.getByRole('button', { name: 'Allow recording' }).click();
    // The indicator on both sides.
    await expect.poll(() => dock.locator('.call-recording').innerText()).toContain('Recording');
    await expect.poll(() => card.locator('.rec').innerText()).toContain('Recording');
    // Record a few seconds, then the visitor stops it: both indicators go.
    await op.page.waitForTimeout(2500);
    await card.getByRole('button', { name: 'Stop recording' }).click();
    await expect.poll(() => card.locator('.rec').count()).toBe(0);
    await expect.poll(() => dock.innerText(), { timeout: 20_000 }).toContain('The recording is in the dialog');
    expect(await dock.locator('.call-recording').count()).toBe(0);
    await dock.getByRole('button', { name: 'Hang up' }).click();

    const files = await attachmentsOf(owner, dialogId);
    expect(files).toHaveLength(1);
    expect(files[0]!.mime).toBe('video/webm');
    expect(files[0]!.size).toBeGreaterThan(10_000);
    expect(files[0]!.name).toMatch(/^call-recording-.*\.webm$/);
    // The console shows it in the dialog, and the file plays (the browser reads its duration and picture).
    await pane.getByText(files[0]!.name).first().waitFor({ timeout: 10_000 });
    const played = await op.page.evaluate(async (url) => {
      const el = document.createElement('video');
      el.muted = true;
      el.src = url;
      await new Promise<void>((ok, fail) => {
        el.onloadeddata = () => ok();
        el.onerror = () => fail(new Error(`media error ${el.error?.code ?? '?'}`));
      });
      // Both cameras are in it, side by side (the visitor left, the operator right): a second in,
      // each half of a frame has a picture (Chromium's fake camera is never black).
      await el.play();
      await new Promise<void>((ok) => {
        const check = () => (el.currentTime > 1.2 || el.ended ? ok() : setTimeout(check, 50));
        check();
      });
      const c = document.createElement('canvas');
      c.width = el.videoWidth;
      c.height = el.videoHeight;
      const g = c.getContext('2d')!;
      g.drawImage(el, 0, 0);
      const lit = (x0: number) => {
        const d = g.getImageData(x0, 0, c.width / 2, c.height).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += d[i]! + d[i + 1]! + d[i + 2]!;
        return sum / (d.length / 4);
      };
      return { width: el.videoWidth, height: el.videoHeight, left: lit(0), right: lit(c.width / 2) };
    }, files[0]!.url);
    expect(played.width).toBe(1280);
    expect(played.height).toBe(480);
    expect(played.left).toBeGreaterThan(20);
    expect(played.right).toBeGreaterThan(20);
    expect(v.problems.pageErrors).toEqual([]);
    expectClean(op);
    await dock.getByRole('button', { name: 'Close' }).click();
    await v.page.context().close();
  });

  it('recording declined: nothing is recorded or stored', async () => {
    const v = await openVisitor(browser, srv.url);
    await v.write('No recording please');
    const dialogId = await openDialog('No recording please');
    const pane = op.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByRole('button', { name: 'Call', exact: true }).click();
    const card = callCard(v.page);
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('is calling you');
    await card.getByRole('button', { name: 'Answer' }).click();
    await expectFlowing(op.page, ['audio']);
    const dock = op.page.locator('.call-dock');
    await op.page.evaluate(() => {
      // Counts recorders the console makes: none may start without consent.
      const w = window as unknown as { __recorders: number; MediaRecorder: typeof MediaRecorder };
      w.__recorders = 0;
      const Original = w.MediaRecorder;
      w.MediaRecorder = class extends Original {
        constructor(...args: ConstructorParameters<typeof MediaRecorder>) {
          super(...args);
          w.__recorders++;
        }
      };
    });
    await dock.getByRole('button', { name: 'Record', exact: true }).click();
    await card.getByRole('button', { name: 'Don’t record' }).click();
    await expect.poll(() => dock.innerText()).toContain('The visitor declined recording');
    expect(await card.locator('.rec').count()).toBe(0);
    expect(await dock.locator('.call-recording').count()).toBe(0);
    await card.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => dock.innerText(), { timeout: 10_000 }).toMatch(/Call ended · 00:\d\d/);
    await pane.getByText(/^(Call ended, duration|Звонок завершён, длительность) \d\d:\d\d$/).waitFor({ timeout: 10_000 });
    expect(await attachmentsOf(owner, dialogId)).toEqual([]);
    expect(await op.page.evaluate(() => (window as unknown as { __recorders: number }).__recorders)).toBe(0);
    await dock.getByRole('button', { name: 'Close' }).click();
    expectClean(op);
    await v.page.context().close();
  });
  it('an incoming call rings on the side it rings on, until answered or declined (Web Audio tones counted)', async () => {
    const countTones = () =>
      // Counts the oscillators the page makes from now on (each ring is two tones; the console's chime two notes).
      (() => {
        const w = window as unknown as { __tones?: number };
        if (w.__tones !== undefined) return;
        w.__tones = 0;
        const original = AudioContext.prototype.createOscillator;
        AudioContext.prototype.createOscillator = function (this: AudioContext) {
          w.__tones = (w.__tones ?? 0) + 1;
          return original.call(this);
        };
      })();
    const tones = (page: Page) => page.evaluate(() => (window as unknown as { __tones?: number }).__tones ?? 0);
    const v = await openVisitor(browser, srv.url);
    await v.write('Ring me');
    await v.page.evaluate(countTones);
    await op.page.evaluate(countTones);
    const dialogId = await openDialog('Ring me');
    const pane = op.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    // The operator calls: the widget rings (and again two seconds later) while the card asks.
    await pane.getByRole('button', { name: 'Call', exact: true }).click();
    const card = callCard(v.page);
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('is calling you');
    await expect.poll(() => tones(v.page), { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
    expect(await tones(op.page)).toBe(0);
    await card.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => card.count()).toBe(0);
    const afterDecline = await tones(v.page);
    await v.page.waitForTimeout(2_500);
    expect(await tones(v.page)).toBe(afterDecline);
    const dock = op.page.locator('.call-dock');
    await dock.getByRole('button', { name: 'Close' }).click();

    // The visitor asks for a call: the console rings until the operator answers or declines.
    await v.page.locator('#parley-panel').getByRole('button', { name: 'Call', exact: true }).click();
    await expect.poll(() => dock.innerText(), { timeout: 15_000 }).toContain('asks for a call');
    await expect.poll(() => tones(op.page), { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
    await dock.getByRole('button', { name: 'Decline' }).click();
    const afterOpDecline = await tones(op.page);
    await op.page.waitForTimeout(2_500);
    expect(await tones(op.page)).toBe(afterOpDecline);
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain('Call declined');

    // The visitor mutes the widget's sound: a call still shows its card, but rings with no tone (the
    // ring starts with the card, so a tone would be counted by the time the card asks).
    const mute = v.page.locator('#parley-panel').getByRole('button', { name: 'Mute sound' });
    await mute.click();
    await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('true');
    const beforeMuted = await tones(v.page);
    await pane.getByRole('button', { name: 'Call', exact: true }).click();
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('is calling you');
    expect(await tones(v.page)).toBe(beforeMuted);
    await card.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => dock.innerText(), { timeout: 10_000 }).toContain('The visitor declined the call');
    expect(await tones(v.page)).toBe(beforeMuted);
    await v.page.context().close();
  });

  it('camera or microphone refused: a clear message, and the call ends cleanly on both sides', async () => {
    // The visitor's browser refuses (as a denied permission reports it: NotAllowedError).
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
    await context.addInitScript(() => {
      const md = navigator.mediaDevices as MediaDevices & { __gum?: MediaDevices['getUserMedia'] };
      md.__gum = md.getUserMedia.bind(md);
      md.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const page = await context.newPage();
    const problems = await watchPage(page);
    await page.addInitScript(recordPeers);
    await page.goto(`${srv.url}/basic.html`);
    await page.getByRole('button', { name: 'Open chat' }).click({ timeout: 30_000 });
    const input = page.locator('#parley-panel').getByRole('textbox', { name: 'Write a message…' });
    await input.fill('No camera here');
    await input.press('Enter');
    await page.locator('#parley-panel').getByText('No camera here').waitFor();
    const dialogId = await openDialog('No camera here');
    const pane = op.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByRole('button', { name: 'Video call', exact: true }).click();
    const card = callCard(page);
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('is calling you');
    await card.getByRole('button', { name: 'Answer' }).click();
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain('The browser gave no access to the microphone or camera');
    const dock = op.page.locator('.call-dock');
    await expect.poll(() => dock.innerText(), { timeout: 10_000 }).toContain('The visitor declined the call');
    // Nothing was connected or left open: no peer connection on the visitor's side, the console's closed.
    expect(await peer(page)).toBeNull();
    await expect.poll(async () => (await peer(op.page))?.state ?? 'closed').toBe('closed');
    await dock.getByRole('button', { name: 'Close' }).click();

    // The operator's browser refuses when answering the visitor's call (the visitor's allows it now):
    // the console says so, the widget ends.
    const restore = () => {
      const md = navigator.mediaDevices as MediaDevices & { __gum?: MediaDevices['getUserMedia'] };
      if (md.__gum) md.getUserMedia = md.__gum;
    };
    await page.evaluate(restore);
    await op.page.evaluate(() => {
      const md = navigator.mediaDevices as MediaDevices & { __gum?: MediaDevices['getUserMedia'] };
      md.__gum = md.getUserMedia.bind(md);
      md.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    try {
      await page.locator('#parley-panel').getByRole('button', { name: 'Call', exact: true }).click();
      await expect.poll(() => dock.innerText(), { timeout: 15_000 }).toContain('asks for a call');
      await dock.getByRole('button', { name: 'Answer' }).click();
      await expect.poll(() => dock.innerText(), { timeout: 10_000 }).toContain('The browser gave no access to the microphone or camera');
      await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain('Call declined');
    } finally {
      await op.page.evaluate(restore);
    }
    await dock.getByRole('button', { name: 'Close' }).click();
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });
});
