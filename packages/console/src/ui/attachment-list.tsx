import { formatBytes, type Attachment } from '@parley/protocol';
import { safeUrl } from '@parley/protocol';
import { useApp, useT } from './context';

/** Files of a message: images as thumbnails, everything else as a download link with its size. */
export function AttachmentList({ attachments }: { attachments: readonly Attachment[] }) {
  const { i18n, window: w } = useApp();
  const t = useT();
  return (
    <ul class="attachments">
      {attachments.map((a) => {
        const href = safeUrl(a.url, { base: w.location.origin });
        const size = formatBytes(a.size, i18n.locale.value);
        if (!href)
          return (
            <li key={a.id} class="file">
              {a.name} ({size})
            </li>
          );
        return (
          <li key={a.id} class={`file file-${a.kind}`}>
            {a.kind === 'image' && (
              <a href={href} target="_blank" rel="noopener noreferrer" class="thumb" aria-label={t('attachment.open', { name: a.name })}>
                <img src={href} alt={a.name} loading="lazy" width={a.width} height={a.height} />
              </a>
            )}
            <a href={href} download={a.name} rel="noopener noreferrer" class="file-link">
              <span class="file-name">{a.name}</span> <span class="file-size">{size}</span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
