import * as v from 'valibot';
import { IdSchema, TimestampSchema } from './ids';
import { LOCALES } from './locales';
import { helpListPath } from './help-path';
/**
 * routes.ts' API_PREFIX, written out: importing it made the widget's loader (where routes.ts lives)
 * export it to the chat chunk, 12 bytes more before interaction. routes.test.ts checks they agree.
 */
const API_PREFIX = '/api/v1';

/**
 * The knowledge base (issue 19): articles per project and locale, written in Markdown in the
 * console, read in the widget's Help tab and on the public page `/help/<project>`. The server
 * renders Markdown once into a small document tree (`HelpNode`), so the widget and the console
 * build elements from it and never parse HTML; the public page gets sanitized HTML.
 */
export const MAX_ARTICLE_TITLE = 200;
export const MAX_ARTICLE_BODY = 50_000;
export const MAX_ARTICLE_CATEGORY = 80;
/** Suggestions while the visitor types their first message. */
export const HELP_SEARCH_LIMIT = 20;

export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

const line = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

/** What an editor sends. */
export const ArticleBodySchema = v.object({
  locale: v.picklist(LOCALES),
  title: v.pipe(line(MAX_ARTICLE_TITLE), v.minLength(1)),
  body: v.pipe(v.string(), v.maxLength(MAX_ARTICLE_BODY)),
  category: line(MAX_ARTICLE_CATEGORY),
  status: v.picklist(ARTICLE_STATUSES),
  position: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
});
export type ArticleBody = v.InferOutput<typeof ArticleBodySchema>;
export const ArticlePatchSchema = v.partial(ArticleBodySchema);

/** An article as editors see it (Markdown source). */
export const ArticleSchema = v.object({
  id: IdSchema,
  locale: v.picklist(LOCALES),
  title: v.string(),
  body: v.string(),
  category: v.string(),
  status: v.picklist(ARTICLE_STATUSES),
  position: v.number(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Article = v.InferOutput<typeof ArticleSchema>;
export const ArticleListResponseSchema = v.object({ articles: v.array(ArticleSchema) });
export const ArticleResponseSchema = v.object({ article: ArticleSchema });

/**
 * A rendered article: a tree of a few element kinds (what Markdown makes), text as strings. Links
 * are http(s) or mailto only, images are URLs the server accepted.
 */
export type HelpNode = string | { t: HelpTag; c?: HelpNode[]; href?: string; src?: string; alt?: string };
export const HELP_TAGS = ['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'blockquote', 'a', 'img', 'br', 'hr', 's'] as const;
export type HelpTag = (typeof HELP_TAGS)[number];
export const HelpNodeSchema: v.GenericSchema<HelpNode> = v.union([
  v.string(),
  v.object({
    t: v.picklist(HELP_TAGS),
    c: v.optional(v.array(v.lazy(() => HelpNodeSchema))),
    href: v.optional(v.string()),
    src: v.optional(v.string()),
    alt: v.optional(v.string()),
  }),
]);

/** A published article in a list or a search result. */
export const HelpHitSchema = v.object({ id: IdSchema, title: v.string(), category: v.string(), excerpt: v.string() });
export type HelpHit = v.InferOutput<typeof HelpHitSchema>;
export const HelpListResponseSchema = v.object({ articles: v.array(HelpHitSchema), categories: v.array(v.string()) });
export type HelpListResponse = v.InferOutput<typeof HelpListResponseSchema>;
export const HelpArticleResponseSchema = v.object({
  article: v.object({ id: IdSchema, title: v.string(), category: v.string(), locale: v.picklist(LOCALES), doc: v.array(HelpNodeSchema), url: v.string() }),
});
export type HelpArticleResponse = v.InferOutput<typeof HelpArticleResponseSchema>;

/**
 * ?locale=&q=&category=&limit= (q: words with stemming in the locale's language); or ?ids=a,b,c:
 * which of these articles (any locale, up to the limit) are still published, so the widget can drop
 * the saved copies of articles unpublished or deleted since.
 */
export const HelpQuerySchema = v.object({
  ids: v.optional(
    v.pipe(
      v.string(),
      v.regex(new RegExp(`^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,${HELP_SEARCH_LIMIT - 1}}$`)),
      v.transform((s) => s.split(',')),
    ),
  ),
  locale: v.optional(v.picklist(LOCALES)),
  q: v.optional(line(200)),
  category: v.optional(line(MAX_ARTICLE_CATEGORY)),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,2}$/), v.transform(Number), v.minValue(1), v.maxValue(HELP_SEARCH_LIMIT))),
});
export type HelpQuery = v.InferOutput<typeof HelpQuerySchema>;

/** The widget tells the server an article was read, or solved the visitor's question (statistics). */
export const HelpEventBodySchema = v.object({ articleId: IdSchema, kind: v.picklist(['view', 'resolved']) });
export type HelpEventBody = v.InferOutput<typeof HelpEventBodySchema>;

export const HelpRoutes = {
  /** GET: published articles of the project (public, CORS *): a list, or a search with `q`. */
  list: helpListPath,
  listPattern: `${API_PREFIX}/help/:project/articles`,
  article: (project: string, id: string) => `${API_PREFIX}/help/${encodeURIComponent(project)}/articles/${encodeURIComponent(id)}`,
  articlePattern: `${API_PREFIX}/help/:project/articles/:articleId`,
  /** POST HelpEventBody (public, CORS *). */
  events: (project: string) => `${API_PREFIX}/help/${encodeURIComponent(project)}/events`,
  eventsPattern: `${API_PREFIX}/help/:project/events`,
  /** The public, indexable help page of a project, and one article on it. */
  page: (project: string) => `/help/${encodeURIComponent(project)}`,
  pagePattern: '/help/:project',
  pageArticle: (project: string, id: string) => `/help/${encodeURIComponent(project)}/${encodeURIComponent(id)}`,
  pageArticlePattern: '/help/:project/:articleId',
  /** Operator API: articles of the shown project (owners and admins write; operators read). */
  operator: `${API_PREFIX}/operator/help/articles`,
  operatorOne: (id: string) => `${API_PREFIX}/operator/help/articles/${encodeURIComponent(id)}`,
  operatorOnePattern: `${API_PREFIX}/operator/help/articles/:articleId`,
} as const;
