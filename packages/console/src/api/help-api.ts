import {
  ArticleListResponseSchema,
  ArticleResponseSchema,
  HelpFileRoutes,
  HelpImageResponseSchema,
  HelpPreviewResponseSchema,
  HelpRoutes,
  type ArticleBody,
} from '@parley/protocol';
import type { Http } from './http';

/** The knowledge base's articles (issue 19): spread into the operator API. */
export function helpApi(http: Http) {
  return {
    articles: () => http.get(HelpRoutes.operator, ArticleListResponseSchema).then((r) => r.articles),
    createArticle: (body: ArticleBody) => http.call('POST', HelpRoutes.operator, body, ArticleResponseSchema).then((r) => r.article),
    updateArticle: (id: string, body: Partial<ArticleBody>) =>
      http.call('PATCH', HelpRoutes.operatorOne(id), body, ArticleResponseSchema).then((r) => r.article),
    removeArticle: (id: string) => http.fire('DELETE', HelpRoutes.operatorOne(id)),
    /** The Markdown as readers get it (the server's renderer and image policy); nothing is stored. */
    previewArticle: (body: string) => http.call('POST', HelpFileRoutes.operatorPreview, { body }, HelpPreviewResponseSchema).then((r) => r.doc),
    /** An article image through the file rules; answers the Markdown to insert. */
    uploadArticleImage: (file: File) =>
      http.raw(
        'POST',
        HelpFileRoutes.operatorImages,
        file,
        { 'content-type': file.type || 'application/octet-stream', 'x-parley-file-name': encodeURIComponent(file.name || 'image') },
        HelpImageResponseSchema,
      ),
  };
}
