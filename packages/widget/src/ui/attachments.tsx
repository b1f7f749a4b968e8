import type { Signal } from '@preact/signals-core';
import { formatBytes, safeUrl, type Attachment, type Locale } from '@parley/protocol';
import { Icon, PATHS } from './icon';

/**
 * Attachments of a message: images inline, other files as a named tile. An image that fails to
 * load (expired link, deleted file) becomes a file tile too, never its alt text squeezed into a
 * sliver one letter wide.
 */
export function Attachments({ list, server, locale, broken }: { list: readonly Attachment[]; server: string; locale: Locale; broken: Signal<ReadonlySet<string>> }) {
  if (list.length === 0) return null;
  return (
    <ul class="at">
      {list.map((a) => {
        const href = safeUrl(a.url, { base: server });
        if (!href) return null;
        return (
          <li key={a.id}>
            <a href={href} target="_blank" rel="noopener noreferrer">
              {a.kind === 'image' && !broken.value.has(a.id) ? (
                <img src={href} alt={a.name} loading="lazy" width={a.width} height={a.height} onError={() => (broken.value = new Set(broken.value).add(a.id))} />
              ) : (
                <span class="fi">
                  <Icon d={PATHS.file} />
                  <span>{a.name}</span>
                  <small>{formatBytes(a.size, locale)}</small>
                </span>
              )}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
