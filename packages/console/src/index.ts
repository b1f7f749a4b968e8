/**
 * Parley operator console: a Preact app served by the server at /console.
 * Boot: find #app, create the services, render, restore the session (retrying while offline).
 */
import { h, render } from 'preact';
import { createAppServices } from './app-services';
import { backoffDelay } from './lib/backoff';
import { App } from './ui/app';

export function boot(w: Window & typeof globalThis, root: HTMLElement): () => void {
  const services = createAppServices(w);
  // Render once the operator's language is loaded (a moment at most), so English never flashes.
  void services.i18n.ready.then(() => render(h(App, { services }), root));
  let timer: number | null = null;
  let attempt = 0;
  const restore = () => {
    services.session.restore().catch(() => {
      timer = w.setTimeout(restore, backoffDelay(attempt++));
    });
  };
  restore();
  return () => {
    if (timer !== null) w.clearTimeout(timer);
    render(null, root);
    services.destroy();
  };
}

const root = typeof document !== 'undefined' ? document.getElementById('app') : null;
if (root) boot(window, root);
