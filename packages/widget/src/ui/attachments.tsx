import { formatBytes, safeUrl, type Attachment } from '@parley/protocol';
import type { Props } from './store';
import { Icon, PATHS } from './icon';

/**
 * Attachments of a message: images inline (a click shows them full size), other files as a named
 * tile. An image that fails to load (expired link, deleted file) becomes a file tile too, never its
 * alt text squeezed into a sliver one letter wide.
 */
export function Attachments({ list, p }: Props & { list: readonly Attachment[] }) {
  const { ui, ctx } = p;
  const locale = ctx.state.locale.value;
  if (list.length === 0) return null;
  return (
    <ul class="at">
      {list.map((a) => {
        const href = safeUrl(a.url, { base: ctx.server });
        if (!href) return null;
        const image = a.kind === 'image' && !ui.broken.value.has(a.id);
        return (
          <li key={a.id}>
            <a
              href={href}
              target="_blank"
              rel="noopener noreferrer"
              onClick={(e) => {
                // A plain click views the image here; a middle or modified click still opens the link.
                if (!image || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
                e.preventDefault();
                ui.image.value = { src: href, name: a.name, from: e.currentTarget };
              }}
            >
              {image ? (
                <img
                  src={href}
                  alt={a.name}
                  loading="lazy"
                  width={a.width}
                  height={a.height}
                  onError={() => (ui.broken.value = new Set(ui.broken.value).add(a.id))}
                />
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
