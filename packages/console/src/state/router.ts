import { signal } from '@preact/signals';
import { formatRoute, parseRoute, type Route } from '../lib/route';

/** The route in location.hash; hashchange keeps it current. */
export function createRouter(w: Window & typeof globalThis) {
  const route = signal<Route>(parseRoute(w.location.hash));
  const onChange = () => {
    route.value = parseRoute(w.location.hash);
  };
  w.addEventListener('hashchange', onChange);
  return {
    route,
    navigate(r: Route): void {
      const hash = formatRoute(r);
      if (w.location.hash !== hash) w.location.hash = hash;
      else route.value = r;
    },
    href: (r: Route) => formatRoute(r),
    destroy(): void {
      w.removeEventListener('hashchange', onChange);
    },
  };
}
export type Router = ReturnType<typeof createRouter>;
