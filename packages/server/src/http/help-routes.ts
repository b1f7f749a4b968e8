import { createArticle, deleteArticle, helpArticle, helpEvent, helpList, listArticles, previewArticle, updateArticle } from '../services/help/articles';
import { helpArticlePage, helpPage } from '../services/help/page';
import { publicBase } from '../services/email/threads';
import { DomainError } from '../util/errors';
import { handlers } from './router';
import { uploadArticleImage } from '../services/help/images';
import { cleanFileName } from '../services/file-rules';
import { requestLocale } from './errors';
import { contentLengthOf, headerString, refuseUnread } from './headers';

/** The knowledge base: public reads for the widget and the help page, writes for owners, admins and allowed operators. */
export const helpHandlers = handlers({
  async helpArticles({ ctx, project, query }) {
    return helpList(ctx, project.id, query);
  },
  async helpArticle({ ctx, project, params }) {
    return (await helpArticle(ctx, project.id, params.articleId)).response;
  },
  async helpEvent({ ctx, req, project, body, reply }) {
    if (!(await ctx.limits.uploadsPerVisitor.take(`help:${req.ip}`)).ok) throw new DomainError('rate_limited');
    await helpEvent(ctx, project.id, body);
    return reply.code(204).send();
  },
  async helpPage({ ctx, project, query, reply }) {
    const html = await helpPage(ctx, project.id, query, publicBase(ctx));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  },
  async helpArticlePage({ ctx, project, params, reply }) {
    const html = await helpArticlePage(ctx, project.id, params.articleId, publicBase(ctx));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  },
  async uploadArticleImage({ ctx, req, reply, actor, body }) {
    if (!(await ctx.limits.uploadsPerVisitor.take(`o:${actor.id}`)).ok) throw new DomainError('rate_limited');
    const image = await refuseUnread(req, reply, () =>
      uploadArticleImage(ctx, actor, {
        body,
        declaredMime: req.headers['content-type'],
        name: cleanFileName(headerString(req.headers['x-parley-file-name'])),
        locale: requestLocale(req),
        ip: req.ip,
        contentLength: contentLengthOf(req),
      }),
    );
    reply.code(201);
    return image;
  },
  async previewArticle({ ctx, actor, body }) {
    return { doc: await previewArticle(ctx, actor, body.body) };
  },
  async operatorArticles({ ctx, actor }) {
    return { articles: await listArticles(ctx, actor.projectId) };
  },
  async createArticle({ ctx, actor, body, reply }) {
    reply.code(201);
    return { article: await createArticle(ctx, actor, body) };
  },
  async updateArticle({ ctx, actor, params, body }) {
    return { article: await updateArticle(ctx, actor, params.articleId, body) };
  },
  async deleteArticle({ ctx, actor, params, reply }) {
    await deleteArticle(ctx, actor, params.articleId);
    return reply.code(204).send();
  },
});
