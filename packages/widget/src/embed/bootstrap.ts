/**
 * dist/widget.js: the one script site owners paste. It installs the queue stub (if the page has
 * not), then imports the version-pinned loader chunk from its own origin. `import()` is allowed
 * under a strict CSP with 'strict-dynamic' and is not a Trusted Types sink.
 */
declare const __PARLEY_LOADER__: string;

interface Stub {
  (...args: unknown[]): void;
  q?: unknown[][];
}

(() => {
  const w = window as unknown as { parley?: Stub };
  const script = document.currentScript as HTMLScriptElement | null;
  if (!w.parley) {
    const stub: Stub = function (...args: unknown[]) {
      (stub.q = stub.q || []).push(args);
    };
    w.parley = stub;
  }
  if (!script || !script.src) return;
  import(/* @vite-ignore */ new URL(__PARLEY_LOADER__, script.src).href).then(
    (m: { boot(s: HTMLScriptElement): void }) => m.boot(script),
    (err: unknown) => console.warn('Parley: could not load the widget', err),
  );
})();
