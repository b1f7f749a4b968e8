/**
 * dist/widget.js: the one script site owners paste. It installs the queue stub (if the page has
 * not), then imports the version-pinned loader chunk from its own origin. `import()` is allowed
 * under a strict CSP with 'strict-dynamic' and is not a Trusted Types sink.
 *
 * One round trip to the launcher: for each widget the tag (`data-project`) or the queue
 * (`parley('init', { project })`) starts, it requests the config now, in parallel with the loader,
 * and creates the host element now, so the classic goal snippet
 * `document.querySelector('.parley-holder:not(.opened)')` finds it as soon as this script has run.
 */
import { widgetConfigPath } from '@parley/protocol';
import type { EarlyWidgets } from './early';

declare const __PARLEY_LOADER__: string;

interface Stub {
  (...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  /** Early widgets, shared by every copy of this script on the page (see below). */
  e?: EarlyWidgets;
}

(() => {
  const w = window as unknown as { parley?: Stub };
  const d = document;
  const script = d.currentScript as HTMLScriptElement | null;
  if (!w.parley) {
    const stub: Stub = function (...args: unknown[]) {
      (stub.q = stub.q || []).push(args);
    };
    w.parley = stub;
  }
  if (!script || !script.src) return;
  // Shared through the global: with the tag pasted twice, either copy's loader may boot first, and
  // it must adopt the holder the other copy made rather than start a second, unmounted one.
  const early: EarlyWidgets = (w.parley.e = w.parley.e || {});
  const start = (o: { project?: unknown; name?: unknown; server?: unknown }) => {
    const project = o.project;
    try {
      if (typeof project !== 'string' || early[project] || d.querySelector(`parley-widget[data-parley-project="${project}"]`)) return;
      const server = new URL(typeof o.server === 'string' ? o.server : script.src, d.baseURI).origin;
      const holder = d.createElement('parley-widget');
      holder.className = 'parley-holder';
      holder.setAttribute('data-parley-project', project);
      (d.body || d.documentElement).append(holder);
      const config = fetch(server + widgetConfigPath(project), { credentials: 'omit' });
      config.catch(() => undefined);
      early[project] = { server, holder, config };
    } catch {
      // a bad option: the loader reports it
    }
  };
  start(script.dataset);
  for (const call of Array.from(w.parley.q || [])) if (call[0] === 'init' && call[1] && typeof call[1] === 'object') start(call[1]);
  import(/* @vite-ignore */ new URL(__PARLEY_LOADER__, script.src).href).then(
    (m: { boot(s: HTMLScriptElement, e: EarlyWidgets): void }) => m.boot(script, early),
    (err: unknown) => console.warn('Parley: could not load the widget', err),
  );
})();
