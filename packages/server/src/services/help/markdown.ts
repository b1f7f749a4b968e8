import type MarkdownIt from 'markdown-it';
type Md = InstanceType<typeof MarkdownIt>;
type Token = ReturnType<Md['parse']>[number];
import type SanitizeHtml from 'sanitize-html';
import { isHelpFilePath, type HelpNode, type HelpTag } from '@parley/protocol';

/** markdown-it and sanitize-html come with the first article, not at every server start (startup time). */
let libs: { md: Md; sanitizeHtml: typeof SanitizeHtml } | null = null;

export async function loadMarkdown(): Promise<void> {
  if (libs) return;
  const [{ default: MarkdownItClass }, { default: sanitizeHtml }] = await Promise.all([import('markdown-it'), import('sanitize-html')]);
  // Raw HTML in the source stays text; bare links become links.
  libs ??= { md: new MarkdownItClass({ html: false, linkify: true, typographer: false }), sanitizeHtml };
}

function loaded(): NonNullable<typeof libs> {
  if (!libs) throw new Error('markdown before loadMarkdown()');
  return libs;
}

const SAFE_LINK = /^(https?:|mailto:)/i;

/**
 * The image policy: an article file of the article's own project (a relative path each reader
 * resolves against our server: the widget on another site, the console and the help page here),
 * or an https image. Anything else (http, data:, other paths of ours, protocol-relative) is dropped.
 */
export function imageAllowed(src: string, projectId: string | undefined): boolean {
  return /^https:\/\/[^/]/i.test(src) || (projectId !== undefined && isHelpFilePath(src, projectId));
}

/** Headings one level down: the article's title is the page's heading. */
const HEADING: Record<string, HelpTag> = { h1: 'h2', h2: 'h3', h3: 'h4', h4: 'h4', h5: 'h4', h6: 'h4' };
const BLOCK: Record<string, HelpTag> = {
  paragraph_open: 'p',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  blockquote_open: 'blockquote',
};
const INLINE: Record<string, HelpTag> = { strong_open: 'strong', em_open: 'em', s_open: 's' };

type El = Exclude<HelpNode, string>;

function push(parent: El, n: HelpNode): void {
  (parent.c ??= []).push(n);
}

function inline(children: Token[], into: El, projectId: string | undefined): void {
  const stack: El[] = [into];
  const top = () => stack[stack.length - 1] as El;
  for (const t of children) {
    if (t.type === 'text') push(top(), t.content);
    else if (t.type === 'code_inline') push(top(), { t: 'code', c: [t.content] });
    else if (t.type === 'softbreak') push(top(), ' ');
    else if (t.type === 'hardbreak') push(top(), { t: 'br' });
    else if (t.type === 'image') {
      const src = String(t.attrGet('src') ?? '');
      if (imageAllowed(src, projectId)) push(top(), { t: 'img', src, alt: t.content });
    } else if (INLINE[t.type]) {
      const el: El = { t: INLINE[t.type] as HelpTag };
      push(top(), el);
      stack.push(el);
    } else if (t.type === 'link_open') {
      const href = String(t.attrGet('href') ?? '');
      // An unsafe link keeps its text only.
      const el: El = SAFE_LINK.test(href) ? { t: 'a', href } : { t: 'em' };
      push(top(), el);
      stack.push(el);
    } else if (t.type.endsWith('_close') && stack.length > 1) stack.pop();
  }
}

/** Markdown as the document tree the widget and the console render (no HTML anywhere); images by `imageAllowed`. */
export function markdownTree(source: string, projectId?: string): HelpNode[] {
  const root: El = { t: 'p', c: [] };
  const stack: El[] = [root];
  const top = () => stack[stack.length - 1] as El;
  for (const t of loaded().md.parse(source, {})) {
    if (t.type === 'heading_open') {
      const el: El = { t: HEADING[t.tag] ?? 'h4' };
      push(top(), el);
      stack.push(el);
    } else if (BLOCK[t.type]) {
      const el: El = { t: BLOCK[t.type] as HelpTag };
      push(top(), el);
      stack.push(el);
    } else if (t.type === 'inline') inline(t.children ?? [], top(), projectId);
    else if (t.type === 'fence' || t.type === 'code_block') push(top(), { t: 'pre', c: [t.content] });
    else if (t.type === 'hr') push(top(), { t: 'hr' });
    else if (t.type.endsWith('_close') && stack.length > 1) stack.pop();
  }
  return root.c ?? [];
}

/** Markdown as HTML for the public help page: markdown-it, then sanitize-html's allowlist. */
export function markdownHtml(source: string, projectId: string): string {
  const { md, sanitizeHtml } = loaded();
  return sanitizeHtml(md.render(source), {
    allowedTags: [
      'p',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'ul',
      'ol',
      'li',
      'strong',
      'em',
      'code',
      'pre',
      'blockquote',
      'a',
      'img',
      'br',
      'hr',
      's',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ],
    allowedAttributes: { a: ['href'], img: ['src', 'alt'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https'] },
    allowProtocolRelative: false,
    // sanitize-html lets relative URLs through: only our article files of this project stay.
    exclusiveFilter: (frame) => frame.tag === 'img' && !imageAllowed(frame.attribs.src ?? '', projectId),
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener nofollow' }) },
  });
}

/** Plain text of the source (search, excerpts). */
export function markdownText(source: string): string {
  const out: string[] = [];
  const walk = (n: HelpNode) => {
    if (typeof n === 'string') out.push(n);
    else {
      if (n.alt) out.push(n.alt);
      n.c?.forEach(walk);
      if (n.t !== 'strong' && n.t !== 'em' && n.t !== 'a' && n.t !== 'code' && n.t !== 's') out.push(' ');
    }
  };
  markdownTree(source).forEach(walk);
  return out.join('').replace(/\s+/g, ' ').trim();
}
