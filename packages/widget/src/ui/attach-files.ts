import { lazyChunk } from './lazy';
import type { Props } from './store';

/** The files' checks (the attachment rules and the client's error texts) and upload: a chunk of their own. */
const load = lazyChunk(() => import('./attach'), 'attaching files');

/**
 * Files picked, dropped or pasted: their code loads now (a visitor who only chats never needs it).
 * The list is copied at once: a drop's or a paste's files are gone once the event is over, and a
 * file input's list is cleared right after. Batches are attached in the order they came: two
 * imports of a chunk still loading may resolve in either order.
 */
export function attachFiles(p: Props['p'], list: ArrayLike<File> | null | undefined): void {
  const files = Array.from(list ?? []);
  if (!files.length) return;
  const done = p.ui.attaching.then(load).then((m) => !p.ui.gone && m?.attach(p, files));
  // A batch that throws is reported as before (unhandled) and does not stop the next ones.
  p.ui.attaching = done.catch(() => undefined);
}

/**
 * The file picker's `accept` list comes with the files' code (the allowlist is not in the chat
 * chunk): asked for when the visitor points at or focuses the attach button. A click before it has
 * arrived offers every file; each is checked once picked.
 */
export function prepareAttach(p: Props['p']): void {
  void load().then((m) => {
    const input = p.ui.els.picker;
    if (m && input) input.accept = m.acceptAttribute();
  });
}
