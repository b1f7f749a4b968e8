import type { Readable } from 'node:stream';
import { ARTICLE_IMAGE_TYPES, HelpFileRoutes, imageMarkdown, type HelpImageResponse, type Locale } from '@parley/protocol';
import type { Ctx } from '../../context';
import type { Actor } from '../visibility';
import type { FileRow } from '../../storage/rows';
import { helpFiles } from '../../storage/help/files';
import { DomainError } from '../../util/errors';
import { storeUpload } from '../uploads';
import { deleteFiles } from '../retention';
import { mayWrite } from './articles';

const IMAGE_TYPES: ReadonlySet<string> = new Set(ARTICLE_IMAGE_TYPES);

export interface ArticleImageInput {
  body: Readable;
  declaredMime: string | undefined;
  name: string;
  locale: Locale;
  ip: string;
  contentLength: number | null;
}

/**
 * An article image: whoever may write articles uploads it through the whole file rule (type from
 * the bytes, the project's image size limit, quota, byte rates); only an image a browser shows
 * (PNG, JPEG, GIF, WebP) is kept. It becomes an article file of the project: public at its help path.
 */
export async function uploadArticleImage(ctx: Ctx, actor: Actor, u: ArticleImageInput): Promise<HelpImageResponse> {
  const projectId = await mayWrite(ctx, actor);
  const project = await ctx.projects.get(projectId);
  if (!project) throw new DomainError('not_found');
  const { row, file } = await storeUpload(ctx, {
    projectId,
    body: u.body,
    declaredMime: u.declaredMime,
    name: u.name,
    limits: project.settings.attachments.limits,
    locale: u.locale,
    uploader: { kind: 'operator', operatorId: actor.id },
    ip: u.ip,
    contentLength: u.contentLength,
  });
  if (row.kind !== 'image' || !IMAGE_TYPES.has(row.mime)) {
    await ctx.db.deleteFrom('files').where('id', '=', row.id).execute();
    await deleteFiles(ctx, [row.id]);
    throw new DomainError('unsupported_file_type');
  }
  await helpFiles.mark(ctx.db, projectId, row.id, ctx.now());
  const path = HelpFileRoutes.file(projectId, row.id);
  return { image: file, path, markdown: imageMarkdown(row.name, path) };
}

/** An article file of the project, for anyone; every other id (another project's, a chat attachment) is not found. */
export async function articleFile(ctx: Ctx, projectId: string, fileId: string): Promise<FileRow> {
  const f = await helpFiles.one(ctx.db, projectId, fileId);
  if (!f) throw new DomainError('not_found');
  return f;
}
