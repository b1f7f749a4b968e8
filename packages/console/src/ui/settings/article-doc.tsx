import type { ComponentChildren } from 'preact';
import { HELP_TAGS, safeUrl, type HelpNode } from '@parley/protocol';

const TAGS: ReadonlySet<string> = new Set(HELP_TAGS);

/**
 * An article as readers get it: the server's document tree (markdown-it, the help image policy)
 * turned into elements, known tags only, text as text (no HTML is ever parsed here). Our article
 * files are same-origin and load; an outside (https) image is shown as its alt text and address,
 * since the console's CSP loads images from itself only.
 */
export function ArticleDoc({ doc }: { doc: readonly HelpNode[] }) {
  const base = location.origin;
  const render = (nodes: readonly HelpNode[]): ComponentChildren =>
    nodes.map((n, i) => {
      if (typeof n === 'string') return n;
      if (typeof n !== 'object' || n === null || !TAGS.has(n.t)) return null;
      const kids = Array.isArray(n.c) ? render(n.c) : null;
      if (n.t === 'a') {
        const href = safeUrl(n.href, { base, schemes: ['http:', 'https:', 'mailto:'] });
        return href ? (
          <a key={i} href={href} target="_blank" rel="noopener noreferrer">
            {kids}
          </a>
        ) : (
          <span key={i}>{kids}</span>
        );
      }
      if (n.t === 'img') {
        const alt = typeof n.alt === 'string' ? n.alt : '';
        const src = safeUrl(n.src, { base });
        if (!src) return null;
        return new URL(src).origin === base ? (
          <img key={i} src={src} alt={alt} />
        ) : (
          <span key={i} class="muted article-outside-image">
            {alt ? `${alt} ` : ''}({src})
          </span>
        );
      }
      const Tag = n.t;
      return <Tag key={i}>{kids}</Tag>;
    });
  return <div class="article-doc">{render(doc)}</div>;
}
