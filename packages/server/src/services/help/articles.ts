import {
  HELP_SEARCH_LIMIT,
  helpFileIds,
  HelpRoutes,
  isAdminRole,
  matchLocale,
  type Article,
  type ArticleBody,
  type HelpArticleResponse,
  type HelpEventBody,
  type HelpNode,
  type HelpListResponse,
  type HelpQuery,
  type Locale,
} from '@parley/protocol';
import type { Ctx } from '../../context';
import type { Actor } from '../visibility';
import { DomainError } from '../../util/errors';
import { randomId } from '../../util/crypto';
import { articles, type ArticleRow } from '../../storage/help/articles';
import { loadMarkdown, markdownText, markdownTree } from './markdown';
import { loadStemmers, queryStems, stems } from './stem';
import { publicBase } from '../email/threads';
import { helpFiles } from '../../storage/help/files';
import { deleteFiles } from '../retention';

const EXCERPT = 160;

function articleOf(r: ArticleRow): Article {
  return {
    id: r.id,
    locale: matchLocale(r.locale),
    title: r.title,
    body: r.body,
    category: r.category,
    status: r.status === 'published' ? 'published' : 'draft',
    position: Number(r.position),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Markdown and Snowball, loaded once: every function here that reads or writes an article's text awaits it first. */
export async function helpLibs(): Promise<void> {
  await Promise.all([loadMarkdown(), loadStemmers()]);
}

/** What the index holds: the stems of the title (twice: a title word weighs more), category and body. */
function searchText(a: Pick<ArticleRow, 'title' | 'body' | 'category'>, locale: Locale): string {
  return stems(`${a.title} ${a.title} ${a.category} ${markdownText(a.body)}`, locale).join(' ');
}

/** Owners and admins write articles; operators only where the project allows it (settings.help.operatorsWrite). */
export async function mayWrite(ctx: Ctx, actor: Actor): Promise<string> {
  if (!isAdminRole(actor.role) && !(await ctx.projects.get(actor.projectId))?.settings.help.operatorsWrite) throw new DomainError('forbidden');
  return actor.projectId;
}

export async function listArticles(ctx: Ctx, projectId: string): Promise<Article[]> {
  return (await ctx.store.read((x) => articles.ofProject(x, projectId))).map(articleOf);
}

/**
 * Runs an article write; when it may have changed the locales with published articles (the
 * widget's config lists them, and shows Help only there), the project's widgets hear of it.
 */
async function publishing<T>(ctx: Ctx, projectId: string, write: () => Promise<{ result: T; published: boolean }>): Promise<T> {
  const before = (await ctx.projects.get(projectId))?.configVersion;
  const { result, published } = await write();
  if (published) await ctx.projects.configChanged(projectId, before);
  return result;
}

export async function createArticle(ctx: Ctx, actor: Actor, body: ArticleBody): Promise<Article> {
  await helpLibs();
  const projectId = await mayWrite(ctx, actor);
  const now = ctx.now();
  const row: ArticleRow = { id: randomId(), project_id: projectId, ...body, search: searchText(body, body.locale), created_at: now, updated_at: now };
  return publishing(ctx, projectId, async () => {
    await ctx.store.write(async (tx) => {
      await articles.lockProject(tx, projectId);
      await articles.insert(tx, row);
    });
    return { result: articleOf(row), published: row.status === 'published' };
  });
}

export async function updateArticle(ctx: Ctx, actor: Actor, id: string, patch: Partial<ArticleBody>): Promise<Article> {
  await helpLibs();
  const projectId = await mayWrite(ctx, actor);
  const { article, gone } = await publishing(ctx, projectId, async () => {
    const r = await ctx.store.write(async (tx) => {
      await articles.lockProject(tx, projectId);
      const cur = await articles.one(tx, projectId, id);
      if (!cur) throw new DomainError('not_found');
      const next: ArticleRow = { ...cur, ...patch, updated_at: ctx.now() };
      next.search = searchText(next, matchLocale(next.locale));
      await articles.update(tx, next);
      const kept = helpFileIds(next.body, projectId);
      const dropped = [...helpFileIds(cur.body, projectId)].filter((f) => !kept.has(f));
      const published = cur.status === 'published' || next.status === 'published';
      return { article: articleOf(next), gone: await helpFiles.removeUnnamed(tx, projectId, dropped), published };
    });
    return { result: r, published: r.published };
  });
  await deleteFiles(ctx, gone);
  return article;
}

/** Deletes the article, and its images that no other article of the project names (rows, then bytes after the commit). */
export async function deleteArticle(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  const projectId = await mayWrite(ctx, actor);
  const gone = await publishing(ctx, projectId, () =>
    ctx.store.write(async (tx) => {
      await articles.lockProject(tx, projectId);
      const cur = await articles.one(tx, projectId, id);
      if (!cur || (await articles.remove(tx, projectId, id)) === 0) throw new DomainError('not_found');
      return { result: await helpFiles.removeUnnamed(tx, projectId, [...helpFileIds(cur.body, projectId)]), published: cur.status === 'published' };
    }),
  );
  await deleteFiles(ctx, gone);
}

/** The editor's Preview: the Markdown as readers get it (the same tree and image policy as the widget's), stored nowhere. */
export async function previewArticle(ctx: Ctx, actor: Actor, body: string): Promise<HelpNode[]> {
  await helpLibs();
  return markdownTree(body, await mayWrite(ctx, actor));
}

function excerpt(body: string): string {
  const text = markdownText(body);
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1).trimEnd()}…` : text;
}

/** Published articles in a locale: all of them (by category and order), or those matching `q` best first. */
export async function helpList(ctx: Ctx, projectId: string, q: HelpQuery): Promise<HelpListResponse> {
  await helpLibs();
  const project = await ctx.projects.get(projectId);
  const locale = q.locale ?? project?.settings.texts.defaultLocale ?? 'ru';
  const limit = q.limit ?? HELP_SEARCH_LIMIT;
  const terms = q.q ? queryStems(q.q, locale) : [];
  if (q.ids) {
    const ids = q.ids;
    const rows = await ctx.store.read((x) => articles.publishedOf(x, projectId, ids));
    return { articles: rows.map((r) => ({ id: r.id, title: r.title, category: r.category, excerpt: excerpt(r.body) })), categories: [] };
  }
  return ctx.store.read(async (x) => {
    let rows =
      terms.length > 0
        ? await articles.search(x, ctx.store.dialect, projectId, locale, terms, q.category, limit)
        : q.q
          ? []
          : await articles.published(x, projectId, locale, q.category, limit);
    // A sentence (a first message being typed) rarely has every word in one article: then the
    // articles with most of its words, best first.
    if (rows.length === 0 && terms.length > 1) rows = await articles.search(x, ctx.store.dialect, projectId, locale, terms, q.category, limit, true);
    const categories = (await articles.categories(x, projectId, locale)).map((c) => c.category);
    return { articles: rows.map((r) => ({ id: r.id, title: r.title, category: r.category, excerpt: excerpt(r.body) })), categories };
  });
}

/** One published article, rendered (drafts are not found). */
export async function helpArticle(ctx: Ctx, projectId: string, id: string): Promise<{ row: ArticleRow; response: HelpArticleResponse }> {
  await helpLibs();
  const r = await ctx.store.read((x) => articles.one(x, projectId, id));
  if (!r || r.status !== 'published') throw new DomainError('not_found');
  const url = `${publicBase(ctx)}${HelpRoutes.pageArticle(projectId, r.id)}`;
  return {
    row: r,
    response: { article: { id: r.id, title: r.title, category: r.category, locale: matchLocale(r.locale), doc: markdownTree(r.body, projectId), url } },
  };
}

/** The widget read an article, or it answered the visitor's question (statistics). Unknown articles count nothing. */
export async function helpEvent(ctx: Ctx, projectId: string, e: HelpEventBody): Promise<void> {
  await ctx.store.write(async (tx) => {
    const r = await articles.one(tx, projectId, e.articleId);
    if (!r || r.status !== 'published') throw new DomainError('not_found');
    await articles.event(tx, projectId, e.articleId, e.kind, ctx.now());
  });
}

/** Statistics: articles viewed and questions resolved without a chat in [from, to). */
export async function helpCounts(ctx: Ctx, projectId: string, from: number, to: number): Promise<{ articlesViewed: number; resolvedWithoutChat: number }> {
  const rows = await ctx.store.read((x) => articles.counts(x, projectId, from, to));
  const n = (k: string) => Number(rows.find((r) => r.kind === k)?.n ?? 0);
  return { articlesViewed: n('view'), resolvedWithoutChat: n('resolved') };
}
