import { localized, type Translate } from '../i18n';
import type { Locale } from '@parley/protocol';
import { ChannelIcon } from './icons';
import type { LinkedChannel } from './links';
import { channelTextId, type PanelTextId } from './texts';
import type { ChatStatus } from './types';

export function channelLabel(entry: LinkedChannel, locale: Locale, t: Translate<PanelTextId>): string {
  return localized(entry.settings.label, locale) || t(channelTextId(entry.kind));
}

interface Props {
  channels: LinkedChannel[];
  locale: Locale;
  t: Translate<PanelTextId>;
  chatStatus: ChatStatus;
  onPick(entry: LinkedChannel, e: Event): void;
}

/** The channels as a real list: links where the channel is a link, buttons where it acts here. */
export function ChannelList({ channels, locale, t, chatStatus, onPick }: Props) {
  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('.item')];
    const i = items.indexOf(e.target as HTMLElement);
    const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : null;
    if (next === null || i < 0) return;
    e.preventDefault();
    items[(next + items.length) % items.length]?.focus();
  };
  return (
    <ul class="list" onKeyDown={onKeyDown}>
      {channels.map((entry) => {
        const label = channelLabel(entry, locale, t);
        const cls = `item parley-multiwidget-item-${entry.kind}`;
        const part = `item item-${entry.kind}`;
        const body = [
          <span class={`badge badge-${entry.kind}`} key="i">
            <ChannelIcon kind={entry.kind} />
          </span>,
          <span class="label" key="l">
            {label}
          </span>,
        ];
        const busy = entry.kind === 'chat' && chatStatus === 'loading';
        return (
          <li key={entry.index} class="row">
            {entry.href && !entry.qr ? (
              <a
                class={cls}
                part={part}
                data-channel={entry.kind}
                href={entry.href}
                // Web links open beside the page; app links (tel:, mailto:, viber:) hand over in place.
                {...(/^https?:/.test(entry.href) ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
                onClick={(e) => onPick(entry, e)}
              >
                {body}
              </a>
            ) : (
              <button type="button" class={cls} part={part} data-channel={entry.kind} aria-busy={busy ? 'true' : undefined} onClick={(e) => onPick(entry, e)}>
                {body}
                {busy && <span class="spinner" aria-hidden="true" />}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
