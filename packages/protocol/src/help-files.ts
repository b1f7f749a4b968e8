import * as v from 'valibot';
import { UploadedFileSchema } from './operator/entities';
import { HelpNodeSchema, MAX_ARTICLE_BODY } from './help';

/**
 * Article images (issue 19): uploaded in the console's article editor through the file rules
 * (type sniffing, per-kind size limits, quota, byte rates), stored as the project's article files,
 * and read by anyone at `HelpFileRoutes.file(project, id)`: the widget on any site and the public
 * help page. A Markdown image in an article may point only at such a path of its own project, or
 * at an https URL; anything else is dropped when the article is rendered.
 * Kept apart from help.ts so the widget (which imports HelpRoutes) does not carry these bytes.
 */
const API_PREFIX = '/api/v1';

/** Image types an article may show (what browsers render; no SVG: it can carry script). */
export const ARTICLE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

export const HelpFileRoutes = {
  /** GET: one article file of the project (public, CORS *); other files of the project are not found here. */
  file: (project: string, id: string) => `${API_PREFIX}/help/${encodeURIComponent(project)}/files/${encodeURIComponent(id)}`,
  filePattern: `${API_PREFIX}/help/:project/files/:fileId`,
  /** POST raw image bytes (operators who may write articles), `X-Parley-File-Name`: answers HelpImageResponse. */
  operatorImages: `${API_PREFIX}/operator/help/images`,
  /** POST { body }: the Markdown as the document tree readers get (the editor's Preview; nothing is stored). */
  operatorPreview: `${API_PREFIX}/operator/help/preview`,
} as const;

export const HelpPreviewBodySchema = v.strictObject({ body: v.pipe(v.string(), v.maxLength(MAX_ARTICLE_BODY)) });
export type HelpPreviewBody = v.InferOutput<typeof HelpPreviewBodySchema>;
export const HelpPreviewResponseSchema = v.object({ doc: v.array(HelpNodeSchema) });
export type HelpPreviewResponse = v.InferOutput<typeof HelpPreviewResponseSchema>;

export const HelpImageResponseSchema = v.object({
  image: UploadedFileSchema,
  /** The path to put in the article's Markdown (relative: the server resolves it per reader). */
  path: v.string(),
  /** Ready-made Markdown: `![name](path)`. */
  markdown: v.string(),
});
export type HelpImageResponse = v.InferOutput<typeof HelpImageResponseSchema>;

/** A file id as it appears in an article file's path. */
const FILE_ID = '[A-Za-z0-9_-]{1,64}';

/** Is `src` the path of an article file of `project` (exactly, no query or other segments)? */
export function isHelpFilePath(src: string, project: string): boolean {
  const prefix = HelpFileRoutes.file(project, '');
  return src.startsWith(prefix) && new RegExp(`^${FILE_ID}$`).test(src.slice(prefix.length));
}

/**
 * The ids of `project`'s article files that a Markdown body names (images or links alike: whatever
 * names a file keeps it). Used to delete an article's images once no article of the project names them.
 */
export function helpFileIds(body: string, project: string): Set<string> {
  const prefix = HelpFileRoutes.file(project, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new Set([...body.matchAll(new RegExp(`${prefix}(${FILE_ID})`, 'g'))].map((m) => m[1]!));
}

/** Markdown for an uploaded image: the name (without its extension, brackets escaped) as the alt text. */
export function imageMarkdown(name: string, path: string): string {
  const alt = name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[[\]\\]/g, '\\$&');
  return `![${alt}](${path})`;
}
