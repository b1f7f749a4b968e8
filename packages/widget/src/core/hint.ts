/**
 * What the loader must know before the chat loads, in localStorage (synchronous, and no IndexedDB
 * code before interaction): the resume hint (does this device's anonymous visitor have an open
 * dialog or unread replies? The session writes it with the history cache) and developer events
 * tracked before the chat connected (kept for a later page). Storage that refuses (sandboxed
 * frames, blocked storage) reads as nothing and writes nowhere.
 */
export const hintKeys = {
  resume: (project: string) => `parley:r:${project}`,
  events: (project: string) => `parley:e:${project}`,
};

/** The resume hint: unread replies, and whether the dialog is open. */
export interface ResumeHint {
  u: number;
  o: boolean;
}

export function readHint<T>(win: Window, key: string): T | undefined {
  try {
    const s = win.localStorage.getItem(key);
    return s ? (JSON.parse(s) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `value` under `key`; `undefined` removes it. */
export function writeHint(win: Window, key: string, value?: unknown): void {
  try {
    if (value === undefined) win.localStorage.removeItem(key);
    else win.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage refused: the hint is an optimisation, the chat still works without it
  }
}
