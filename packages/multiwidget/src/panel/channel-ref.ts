import { ChannelRoutes } from '@parley/protocol';
import { channelLink, refOrNull } from '../links';
import type { LinkedChannel } from './links';

/** A Telegram channel that passes the visitor's ref, for a signed-in visitor: its ref comes from the server. */
export const needsServerRef = (entry: LinkedChannel, identity: unknown): boolean =>
  entry.kind === 'telegram' && entry.settings.passRef && identity != null && entry.href !== null;

/**
 * A signed-in visitor's Telegram link: `t.me/<bot>?start=<ref>` with a ref the server issues for the
 * proof the page gave identify(), so the Telegram chat joins that user's one continuous dialog.
 * Asked for on the click only (a ref lives an hour and each one is a row; a visitor who never
 * clicks costs nothing). Without a ref (server unreachable, proof refused or expired) the bot's
 * plain link: Telegram still opens, as an anonymous contact.
 */
export async function signedInTelegramLink(
  o: { server: string; project: string; identity: unknown; entry: LinkedChannel },
  fetchFn: typeof fetch = fetch,
): Promise<string> {
  let ref: string | null = null;
  try {
    const r = await fetchFn(o.server + ChannelRoutes.refForIdentity(o.project), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: o.identity }),
      credentials: 'omit',
    });
    if (r.status === 201) ref = refOrNull(((await r.json()) as { ref?: unknown }).ref);
  } catch {
    // offline or refused by the network: the plain link
  }
  const { target, text } = o.entry.settings;
  return channelLink({ kind: 'telegram', target, text, ref: ref ?? undefined }) ?? o.entry.href ?? '';
}

/**
 * Opens the link in a window opened synchronously in the click (so no popup blocker stops it),
 * then pointed at the link once the ref is there.
 */
export function openWithServerRef(win: Window, link: Promise<string>): void {
  const w = win.open('', '_blank');
  void link.then((href) => {
    if (!w) return void win.open(href, '_blank', 'noopener');
    // The page's window is not the messenger's business.
    w.opener = null;
    w.location.replace(href);
  });
}
