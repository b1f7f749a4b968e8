import type { ChannelKind, FilterDeviceType } from '@parley/protocol';
import type { ChannelEntry } from '../channels';
import { channelLink, isSafeLink } from '../links';

export interface LinkedChannel extends ChannelEntry {
  /** Where the channel leads; null for chat and callback. */
  href: string | null;
  /** Show a QR code of href instead of following it. */
  qr: boolean;
}

const PHONE_ONLY: ReadonlySet<ChannelKind> = new Set(['viber']);

/**
 * The list as shown: each offered channel with its link. A link channel whose target cannot make
 * a safe link is left out (never a dead or dangerous link). On desktop a phone-only channel
 * (always Viber; any other with qrOnDesktop) shows a QR code instead. The visitor's dialog
 * reference goes only to channels with passRef; a signed-in visitor's Telegram link carries none
 * (the server refuses a dialog id for them: their ref is asked for on the click, channel-ref.ts).
 */
export function linkChannels(channels: readonly ChannelEntry[], device: FilterDeviceType, ref: string | null, signedIn = false): LinkedChannel[] {
  const out: LinkedChannel[] = [];
  for (const c of channels) {
    const { kind, settings } = c;
    let href: string | null = null;
    if (kind !== 'chat' && kind !== 'callback') {
      const passRef = settings.passRef && ref && !(signedIn && kind === 'telegram');
      href = channelLink({ kind, target: settings.target, text: settings.text, ref: passRef ? ref : undefined });
      if (href === null || !isSafeLink(href)) continue;
    }
    const qr = href !== null && device === 'desktop' && (PHONE_ONLY.has(kind) || settings.qrOnDesktop);
    out.push({ ...c, href, qr });
  }
  return out;
}
