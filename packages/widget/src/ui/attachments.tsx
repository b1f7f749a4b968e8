import { formatBytes, type Attachment, type Locale } from '@parley/protocol';
import { Icon, PATHS } from './icon';
import { safeUrl } from '@parley/protocol';

export function Attachments({ list, server, locale }: { list: readonly Attachment[]; server: string; locale: Locale }) {
  if (list.length === 0) return null;
  return (
    <ul class="at">
      {list.map((a) => {
        const href = safeUrl(a.url, { base: server });
        if (!href) return null;
        return (
          <li key={a.id}>
            <a href={href} target="_blank" rel="noopener noreferrer">
              {a.kind === 'image' ? (
                <img src={href} alt={a.name} loading="lazy" width={a.width} height={a.height} />
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
