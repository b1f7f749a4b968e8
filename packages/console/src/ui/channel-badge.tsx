import type { Channel } from '@parley/protocol';
import { DeviceGlyph } from './icons/device-glyph';
import { useT } from './context';

// The website: a globe, drawn like the device glyphs (24×24 outline, currentColor).
const WEB = 'M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z M3 12h18 M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9s1-6.5 3.5-9z';

/** Where a visitor message came from (website, Telegram, WhatsApp), beside the device icon. */
/** `still`: inside a link (the dialog list), so not focusable itself; the name is still read. */
export function ChannelBadge({ channel, still = false }: { channel: Channel; still?: boolean }) {
  const t = useT();
  const label = t(`channel.${channel}` as const);
  return (
    <span class="channel-badge" tabIndex={still ? undefined : 0} role="img" aria-label={label} data-channel={channel}>
      {channel === 'web' ? (
        <svg class="glyph" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
          <path d={WEB} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
      ) : (
        <DeviceGlyph icon={channel} />
      )}
      {!still && (
        <span class="tip" role="tooltip">
          {label}
        </span>
      )}
    </span>
  );
}
