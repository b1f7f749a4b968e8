/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import { formatBytes, safeUrl, type Locale } from '@parley/protocol';
import type { Entry } from '../session/chat';
import type { Props } from './store';
import { Icon } from './icon';

/**
 * A size as the visitor reads it. The file checks (attach.tsx) take it from here: the two chunks
 * then share this one (a visitor who attaches sees attachments), not a third for format-bytes alone.
 */
export const sizeLabel = (n: number, locale: Locale) => formatBytes(n, locale);

const FILE = 'M6 2h8l6 6v14H6zm7 1.5V9h5.5z';

export const css = `
.at img{display:block;max-width:220px;max-height:220px;height:auto;border-radius:10px;cursor:zoom-in}
.fi{display:flex;align-items:center;gap:6px}
`;

/**
 * Attachments of a message, a chunk of its own (message-item.tsx asks for it when a message has
 * some): images inline (a click shows them full size), other files as a named tile. An image that
 * fails to load (expired link, deleted file) becomes a file tile too, never its alt text squeezed
 * into a sliver one letter wide. Those of a message on its way: their names and sizes.
 */
export function View({ entry, p }: Props & { entry: Entry }) {
  const { ui, ctx } = p;
  const locale = ctx.state.locale.value;
  if (entry.kind === 'pending')
    return (
      <ul class="at">
        {entry.attachments.map((a) => (
          <li key={a.id}>{`${a.name} (${sizeLabel(a.size, locale)})`}</li>
        ))}
      </ul>
    );
  const list = entry.message.attachments;
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
                  <Icon d={FILE} />
                  <span>{a.name}</span>
                  <small>{sizeLabel(a.size, locale)}</small>
                </span>
              )}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
