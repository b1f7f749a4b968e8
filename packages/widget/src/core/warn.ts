/** Every developer-facing problem goes through here: a console warning, never a throw into the page. */
export function warn(message: string, detail?: unknown): void {
  console.warn(`Parley: ${message}`, ...(detail === undefined ? [] : [detail]));
}

/** Reports an exception thrown by a host page callback the way the platform does for event listeners. */
export function reportError(err: unknown): void {
  const g = globalThis as { reportError?: (e: unknown) => void };
  if (typeof g.reportError === 'function') g.reportError(err);
  else console.error(err);
}
