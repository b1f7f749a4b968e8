/** The call card's styles (adopted only while the call chunk is loaded). */
export const CALL_CSS =
  '.call{position:fixed;right:20px;bottom:96px;z-index:2147483001;width:300px;max-width:calc(100vw - 40px);box-sizing:border-box;padding:12px;border-radius:14px;background:#111827;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 10px 30px rgba(0,0,0,.35)}' +
  '.cv{position:relative;aspect-ratio:4/3;background:#000;border-radius:10px;overflow:hidden;margin-bottom:8px}' +
  '.rv{width:100%;height:100%;object-fit:cover}.lv{position:absolute;right:6px;bottom:6px;width:30%;border-radius:6px;transform:scaleX(-1)}' +
  '.cs{margin:0 0 10px;text-align:center}.cb{display:flex;justify-content:center;gap:12px}' +
  '.cb button{width:44px;height:44px;border-radius:50%;border:0;background:#374151;color:#fff;cursor:pointer;display:grid;place-items:center}' +
  '.cb button[aria-pressed=true]{background:#f3f4f6;color:#111827}.cb .ok{background:#16a34a}.cb .no{background:#dc2626}' +
  '.cb svg{width:22px;height:22px;fill:currentColor}.down{transform:rotate(135deg)}';
