/**
 * What widget.js does before the loader arrives, for each widget its tag or the queue starts (by
 * project): the host element, so `.parley-holder` exists for site scripts as soon as the tag
 * runs, and the config request, so it travels beside the loader instead of after it. Types only.
 */
export interface Early {
  server: string;
  holder: HTMLElement;
  /** The config response, requested in parallel with the loader. */
  config: Promise<Response>;
}

export type EarlyWidgets = Record<string, Early>;
