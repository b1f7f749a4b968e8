/**
 * What the widget's chat chunk needs of the knowledge base (the suggestions while the visitor types):
 * a module apart from help.ts, whose routes, schemas and tags load only with the Help tab's chunk.
 */

/** GET: published articles of the project (public, CORS *): a list, or a search with `q` (HelpRoutes.list). */
export const helpListPath = (project: string) => `/api/v1/help/${encodeURIComponent(project)}/articles`;

/** How many articles the widget suggests while the visitor types the first message. */
export const HELP_SUGGESTIONS = 3;
