/**
 * Single-page apps set the title after the new route renders, so a title read at navigation time
 * is the previous route's. Calls `report(title)` once the title has settled: shortly after it
 * changes (`quiet` ms without another change), or after `max` ms if it does not change. A
 * MutationObserver on <head> and one timer at a time; nothing polls. Returns a function that
 * reports at once (the next navigation, destroy). `before`: the title when the route changed.
 */
export function whenTitleSettles(
  win: Pick<Window, 'setTimeout' | 'clearTimeout'>,
  doc: Document,
  report: (title: string) => void,
  before = doc.title,
  max = 1000,
  quiet = 150,
): () => void {
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    mo?.disconnect();
    win.clearTimeout(timer);
    report(doc.title);
  };
  let timer = win.setTimeout(finish, max);
  const mo =
    typeof MutationObserver === 'function' && doc.head
      ? new MutationObserver(() => {
          if (doc.title === before) return;
          win.clearTimeout(timer);
          timer = win.setTimeout(finish, quiet);
        })
      : null;
  mo?.observe(doc.head, { subtree: true, childList: true, characterData: true });
  return finish;
}
