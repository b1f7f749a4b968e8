/**
 * The one host element of a widget and its shadow root. Styles go in as constructable stylesheets
 * (no <style> element, nothing for a strict CSP to block); browsers without them get a <style>
 * carrying the CSP nonce. The host carries the stable hooks for host-page scripts:
 * class `parley-holder`, plus `opened` while the panel is open (from the click that opens it).
 */
export interface Host {
  host: HTMLElement;
  root: ShadowRoot;
  /** Adds a stylesheet to the shadow root; returns a function that removes it. */
  adopt(css: string): () => void;
  destroy(): void;
}

export function createHost(
  doc: Document,
  opts: { name: string; project: string; nonce?: string | undefined },
  /** The element widget.js created as it ran (site scripts may hold it already): it stays the host. */
  existing?: HTMLElement,
): Host {
  const host = existing ?? doc.createElement('parley-widget');
  host.classList.add('parley-holder');
  host.setAttribute('data-parley-name', opts.name);
  host.setAttribute('data-parley-project', opts.project);
  const root = host.attachShadow({ mode: 'open' });
  const canAdopt = 'adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype;

  const adopt = (css: string): (() => void) => {
    if (canAdopt) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return () => {
        root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
      };
    }
    const style = doc.createElement('style');
    if (opts.nonce) style.nonce = opts.nonce;
    style.textContent = css;
    root.prepend(style);
    return () => style.remove();
  };

  // widget.js may have run before <body> existed: move the host into it (listeners stay).
  if (host.parentNode !== doc.body) (doc.body ?? doc.documentElement).append(host);
  return { host, root, adopt, destroy: () => host.remove() };
}
