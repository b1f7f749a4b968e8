import { warn } from '../core/warn';

/**
 * A view's lazy chunk (Help, My requests): a fetch that fails (offline, a blocked URL) becomes a
 * warning and `undefined`, never an unhandled rejection, and the next call tries again.
 * Browsers keep a failed module import failed for the page's life (Chromium, Firefox), so the
 * retry imports the URL their error names with a query: a new module record, same file. (In an
 * app's bundle the bundler's own loader retries; its errors name no module URL.)
 */
export function lazyChunk<M>(load: () => Promise<M>, what: string, now = () => Date.now()): () => Promise<M | undefined> {
  let retry: string | undefined;
  return () =>
    (retry ? (import(/* webpackIgnore: true */ /* @vite-ignore */ retry) as Promise<M>) : load()).catch((err: unknown) => {
      const url = /\bhttps?:\/\/[^\s?#'"]+?\.m?js\b/.exec(String(err))?.[0];
      if (url) retry = `${url}?retry=${now()}`;
      warn(`${what} could not load; try again`, err);
      return undefined;
    });
}
