import type { HelpNode } from '@parley/protocol';
import { storageFor } from '../core/storage';

export type Doc = { id: string; title: string; doc: HelpNode[]; saved?: true };
type Saved = { id: string; title: string; doc: HelpNode[] };

/** Articles kept for reading offline: the last ones read, newest first. */
const KEEP = 20;

const noImages = (nodes: readonly HelpNode[]): HelpNode[] =>
  nodes.map((n) =>
    typeof n !== 'object' || n === null
      ? n
      : n.t === 'img'
        ? { t: 'img', alt: typeof n.alt === 'string' ? n.alt : '' }
        : Array.isArray(n.c)
          ? { ...n, c: noImages(n.c) }
          : n,
  );

/**
 * The articles this visitor read, in IndexedDB (the storage the chat already opens), so the Help
 * tab can show them when the network is down. Per project; read back defensively (another
 * version of the widget may have written it), and rendered through the same known-tags walk.
 */
export function helpCache(win: Window, project: string) {
  const storage = storageFor(win);
  const key = `a:${project}`;
  const valid = (x: unknown): x is Saved => {
    const d = x as Saved | null;
    return typeof d?.id === 'string' && typeof d.title === 'string' && Array.isArray(d.doc);
  };
  const all = (): Promise<Saved[]> => storage.get<unknown>(key).then((v) => (Array.isArray(v) ? v.filter(valid) : []));
  const keep = (ok: (x: Saved) => boolean, first: Saved[] = []): Promise<void> =>
    storage.update<unknown>(key, (old): Saved[] => [...first, ...(Array.isArray(old) ? (old as unknown[]).filter(valid).filter(ok) : [])].slice(0, KEEP));
  return {
    all,
    // Image nodes keep their alt text only: no image bytes or addresses on the device.
    save: (d: Doc): void => void keep((x) => x.id !== d.id, [{ id: d.id, title: d.title, doc: noImages(d.doc) }]),
    one: (id: string): Promise<Doc | undefined> => all().then((l) => l.find((d) => d.id === id)),
    /** Forgets the saved copies of articles the server no longer publishes. */
    drop: (gone: (id: string) => boolean): Promise<void> => keep((x) => !gone(x.id)),
  };
}
