import type { Widget } from './types';

const done = (): Promise<void> => Promise.resolve();
const nothing = (): void => undefined;

/**
 * What `createWidget` returns where there is no DOM (server rendering, tests in Node): every method
 * does nothing, promise methods resolve, `on` returns a no-op unsubscribe. Create the widget again
 * in the browser (an effect, `onMounted`) to get a live one; the framework wrappers do.
 */
export function createInertWidget(): Widget {
  return {
    init: done,
    open: done,
    close: nothing,
    toggle: done,
    show: nothing,
    hide: nothing,
    identify: done,
    logout: done,
    setCustomParams: nothing,
    setLocale: nothing,
    setTexts: nothing,
    page: nothing,
    event: nothing,
    on: () => nothing,
    off: nothing,
    destroy: nothing,
  };
}
