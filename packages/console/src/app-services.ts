import { effect } from '@preact/signals';
import { createHttp } from './api/http';
import { createOperatorApi } from './api/operator-api';
import { createI18n } from './i18n/i18n';
import { createRouter } from './state/router';
import { createSession } from './state/session';
import { createProjects } from './state/projects';

/** What exists before anyone signs in: language, API client, session, router. */
export function createAppServices(w: Window & typeof globalThis) {
  let storage: Storage | null;
  try {
    storage = w.localStorage;
  } catch {
    storage = null;
  }
  const i18n = createI18n({ storage, languages: w.navigator.languages ?? [w.navigator.language] });
  // The session is created below; the HTTP layer reports a lost session to it.
  const ref: { expired: () => void; project: () => string | null } = { expired: () => undefined, project: () => null };
  const http = createHttp({ fetch: w.fetch.bind(w), onUnauthorized: () => ref.expired(), project: () => ref.project() });
  const api = createOperatorApi(http);
  const session = createSession(api);
  const projects = createProjects(api, storage);
  ref.project = () => projects.current.value;
  ref.expired = () => session.expired();
  const router = createRouter(w);
  // The page's language follows the console's, for screen readers and hyphenation.
  const stopLang = effect(() => {
    w.document.documentElement.lang = i18n.locale.value;
  });
  return {
    window: w,
    i18n,
    api,
    session,
    projects,
    router,
    destroy(): void {
      stopLang();
      router.destroy();
    },
  };
}
export type AppServices = ReturnType<typeof createAppServices>;
