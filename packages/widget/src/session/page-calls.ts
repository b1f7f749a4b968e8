import { parse } from '../core/check';
import { warn } from '../core/warn';
import { hintKeys, readHint, writeHint } from '../core/hint';
import { checkEventTrack } from '../generated/validators-page-calls';
import type { TrackedEvent } from '../core/contract';
import type { Chat } from './chat';

// The page's calls beyond chatting: developer events (event()), custom params (setCustomParams()) and
// the page views of a single-page app's routes (their title settling), a chunk of their own loaded
// by the first such call (session/index.ts).
export { mergePatch, parseParams } from '../core/params';
export { whenTitleSettles } from './title-settle';

/** Validates a developer event (the loader only glanced at it) and puts it in the outbox. */
export function track(chat: Chat, e: TrackedEvent): void {
  const r = parse(checkEventTrack, e.props === undefined ? { clientId: e.clientId, name: e.name } : { clientId: e.clientId, name: e.name, props: e.props });
  if (!r.ok || typeof e.at !== 'number') {
    return warn(`event(${JSON.stringify(e.name)}): invalid ${r.ok ? 'at' : `"${r.path || 'event'}"`}`);
  }
  const { clientId, name, props } = r.value;
  void chat.track(props ? { kind: 'event', clientId, name, props, at: e.at } : { kind: 'event', clientId, name, at: e.at });
}

/** Events tracked before this session: those earlier pages kept on the device, then this page's. */
export function replay(chat: Chat, win: Window, project: string, events: readonly TrackedEvent[]): void {
  const stored = readHint<unknown>(win, hintKeys.events(project));
  writeHint(win, hintKeys.events(project));
  const seen = new Set<string>();
  for (const e of [...(Array.isArray(stored) ? (stored as TrackedEvent[]) : []), ...events]) {
    if (!e || typeof e !== 'object' || seen.has(e.clientId)) continue;
    seen.add(e.clientId);
    track(chat, e);
  }
}
