import { describe, expect, it, vi } from 'vitest';
import type { ChannelSettings } from '@parley/protocol';
import { linkChannels } from './links';
import { needsServerRef, openWithServerRef, signedInTelegramLink } from './channel-ref';

const tg: ChannelSettings = { kind: 'telegram', enabled: true, target: '@parley_bot', passRef: true, qrOnDesktop: false, followSchedule: false };
const vk: ChannelSettings = { kind: 'vk', enabled: true, target: 'parley', passRef: true, qrOnDesktop: false, followSchedule: false };
const list = [tg, vk].map((settings, index) => ({ index, kind: settings.kind, settings }));
const proof = { id: 'crm-1', signature: 'a'.repeat(64) };

describe("a signed-in visitor's Telegram ref", () => {
  it('the link shown carries no dialog id for Telegram (other passRef channels keep it)', () => {
    const [t, v] = linkChannels(list, 'mobile', 'dlg_1', true);
    expect(t?.href).toBe('https://t.me/parley_bot');
    expect(v?.href).toBe('https://vk.me/parley?ref=dlg_1');
    expect(linkChannels(list, 'mobile', 'dlg_1', false)[0]?.href).toBe('https://t.me/parley_bot?start=dlg_1');
    expect(needsServerRef(t!, proof)).toBe(true);
    expect(needsServerRef(t!, null)).toBe(false);
    expect(needsServerRef(v!, proof)).toBe(false);
  });

  it("asks the project's channel-ref route with the proof, and falls back to the plain link", async () => {
    const [entry] = linkChannels(list, 'mobile', null, true);
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ ref: 'R3f_x', expiresAt: 1 }), { status: 201 }));
    const o = { server: 'https://chat.example', project: 'demo', identity: proof, entry: entry! };
    expect(await signedInTelegramLink(o, fetchFn as unknown as typeof fetch)).toBe('https://t.me/parley_bot?start=R3f_x');
    expect(fetchFn).toHaveBeenCalledWith('https://chat.example/api/v1/widget/projects/demo/channel-ref', expect.objectContaining({ method: 'POST', body: JSON.stringify({ identity: proof }) }));
    const refused = async () => new Response('{"error":"identity_invalid"}', { status: 401 });
    expect(await signedInTelegramLink(o, refused as unknown as typeof fetch)).toBe('https://t.me/parley_bot');
    const offline = async () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await signedInTelegramLink(o, offline as unknown as typeof fetch)).toBe('https://t.me/parley_bot');
    const odd = async () => new Response(JSON.stringify({ ref: 'bad ref!' }), { status: 201 });
    expect(await signedInTelegramLink(o, odd as unknown as typeof fetch)).toBe('https://t.me/parley_bot');
  });

  it('opens the window in the click and points it at the link when the ref arrives', async () => {
    const popup = { opener: {} as unknown, location: { replace: vi.fn() } };
    const win = { open: vi.fn(() => popup) } as unknown as Window;
    let resolve!: (s: string) => void;
    openWithServerRef(win, new Promise<string>((r) => (resolve = r)));
    expect(win.open).toHaveBeenCalledWith('', '_blank');
    expect(popup.location.replace).not.toHaveBeenCalled();
    resolve('https://t.me/parley_bot?start=R');
    await Promise.resolve();
    await Promise.resolve();
    expect(popup.opener).toBeNull();
    expect(popup.location.replace).toHaveBeenCalledWith('https://t.me/parley_bot?start=R');
  });
});
