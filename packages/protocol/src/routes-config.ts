/**
 * The prefix and the widget's config path, in their own module: a widget's loader needs only
 * these before interaction, and a bundle takes a module whole (routes.ts's other paths go with
 * the chat).
 */
export const API_PREFIX = '/api/v1';

/** GET: public, cacheable project config (ETag). */
export const widgetConfigPath = (project: string): string => `${API_PREFIX}/widget/projects/${encodeURIComponent(project)}/config`;
