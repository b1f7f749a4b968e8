import { HelpRoutes, WIDGET_TEXTS, matchLocale, type Locale, type TextsSettings } from '@parley/protocol';
import type { Ctx } from '../../context';
import { DomainError } from '../../util/errors';
import { escapeHtml as esc } from '../email/render';
import { helpArticle, helpList } from './articles';
import { markdownHtml } from './markdown';

/** The widget's Help tab words (protocol), with the project's own overrides of them (Console → Texts). */
function helpTexts(texts: TextsSettings, locale: Locale) {
  const t = (id: 'help.title' | 'help.search' | 'help.empty' | 'help.back') => texts.overrides[locale]?.[id] ?? WIDGET_TEXTS[locale][id];
  return { title: t('help.title'), search: t('help.search'), empty: t('help.empty'), back: t('help.back') };
}

const STYLE =
  'body{font:16px/1.6 system-ui,sans-serif;margin:2em auto;max-width:44em;padding:0 1em;color:#111827}a{color:#2563eb}img{max-width:100%}pre{overflow:auto;background:#f3f4f6;padding:.8em}li{margin:.3em 0}';

function page(locale: Locale, title: string, description: string, canonical: string, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title><meta name="description" content="${esc(
    description,
  )}"><link rel="canonical" href="${esc(canonical)}"><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/**
 * The public help page of a project: its published articles in a language (`?lang=`, else the
 * project's), with a search form (`?q=`) that works without script, and each article on its own
 * indexable page (sanitized HTML from the Markdown).
 */
export async function helpPage(ctx: Ctx, projectId: string, query: { q?: string; lang?: string }, base: string): Promise<string> {
  const project = await ctx.projects.get(projectId);
  if (!project) throw new DomainError('unknown_project');
  const locale = matchLocale(query.lang, project.settings.texts.defaultLocale);
  const t = helpTexts(project.settings.texts, locale);
  const q = (query.q ?? '').slice(0, 200);
  const list = await helpList(ctx, projectId, q ? { locale, q } : { locale });
  const link = (id: string) => `${HelpRoutes.pageArticle(projectId, id)}${locale === project.settings.texts.defaultLocale ? '' : `?lang=${locale}`}`;
  const items = list.articles
    .map((a) => `<li><a href="${esc(link(a.id))}">${esc(a.title)}</a>${a.excerpt ? `<br><small>${esc(a.excerpt)}</small>` : ''}</li>`)
    .join('');
  const body = `<h1>${esc(project.name)}: ${esc(t.title)}</h1><form method="get" role="search"><input type="search" name="q" value="${esc(q)}" aria-label="${esc(
    t.search,
  )}"><input type="hidden" name="lang" value="${locale}"> <button type="submit">${esc(t.search)}</button></form>${
    items ? `<ul>${items}</ul>` : `<p>${esc(t.empty)}</p>`
  }`;
  return page(
    locale,
    `${t.title} · ${project.name}`,
    list.articles
      .map((a) => a.title)
      .join(' · ')
      .slice(0, 300),
    `${base}${HelpRoutes.page(projectId)}`,
    body,
  );
}

export async function helpArticlePage(ctx: Ctx, projectId: string, articleId: string, base: string): Promise<string> {
  const { row } = await helpArticle(ctx, projectId, articleId);
  const project = await ctx.projects.get(projectId);
  if (!project) throw new DomainError('unknown_project');
  const locale = matchLocale(row.locale);
  const t = helpTexts(project.settings.texts, locale);
  const body = `<p><a href="${esc(HelpRoutes.page(projectId))}?lang=${locale}">← ${esc(t.back)}</a></p><article><h1>${esc(row.title)}</h1>${markdownHtml(row.body, projectId)}</article>`;
  return page(locale, row.title, row.body.replace(/\s+/g, ' ').slice(0, 200), `${base}${HelpRoutes.pageArticle(projectId, row.id)}`, body);
}
