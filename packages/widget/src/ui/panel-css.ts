/**
 * The theme's colours, as custom properties on the host: light, dark, or the system's. Defined
 * here, not in the launcher's CSS, so the launcher (which uses none of them) loads without them;
 * the greetings bubble, which can show before the panel loads, carries the three it uses.
 */
const DARK = '--bg:#1f2937;--fg:#f9fafb;--mu:#9ca3af;--bd:#374151;--bb:#111827;--er:#f87171;--pt:var(--ptd);color-scheme:dark';

/** Panel styles, scoped by the shadow root; colours come from the host's custom properties. */
export const PANEL_CSS = `
:host{--bg:#fff;--fg:#111827;--mu:#6b7280;--bd:#e5e7eb;--bb:#f3f4f6;--er:#b91c1c;--pt:var(--ptl);color-scheme:light}
:host([data-theme=dark]){${DARK}}
@media (prefers-color-scheme:dark){:host([data-theme=auto]){${DARK}}}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.p{position:fixed;right:var(--px);bottom:calc(var(--py) + 68px + env(safe-area-inset-bottom,0px));width:370px;max-width:calc(100vw - 24px);height:min(620px,calc(100vh - var(--py) - 88px));display:flex;flex-direction:column;background:var(--bg);color:var(--fg);border-radius:16px;box-shadow:0 12px 40px #0004;overflow:hidden;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji";outline:0}
:host([data-pos=left]) .p{right:auto;left:var(--px)}
.p[hidden]{display:none}
.p.full{inset:var(--vt,0) 0 auto;width:auto;max-width:none;height:var(--vh,100%);border-radius:0;padding:0 env(safe-area-inset-right,0px) env(safe-area-inset-bottom,0px) env(safe-area-inset-left,0px)}
.full .hd{padding-top:calc(12px + env(safe-area-inset-top,0px))}
.hd{display:flex;align-items:center;gap:10px;padding:12px;background:var(--pa);color:var(--pf)}
.av{flex:none;display:grid;place-items:center;width:36px;height:36px;border-radius:50%;background:var(--pv);font-weight:600;font-size:14px;overflow:hidden}
.av img{width:100%;height:100%;object-fit:cover}
.ht{flex:1;min-width:0}
h2,h3,p{margin:0}
h2{font-size:16px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.ht p{font-size:13px}
.hd :focus-visible{outline-color:var(--pf)}
.x,.ib,.lnk,.btn{all:unset;cursor:pointer;box-sizing:border-box}
.x,.ib{flex:none;display:grid;place-items:center;width:40px;height:40px;border-radius:50%}
svg{width:22px;height:22px;fill:currentColor}
.x:hover{background:#fff3}
.ib{color:var(--mu)}
.ib:hover{background:var(--bb)}
.sd{color:var(--pt)}
[disabled]{opacity:.45;cursor:default}
:focus-visible{outline:2px solid var(--pt);outline-offset:2px}
.bn{padding:6px 12px;font-size:13px;background:#fef3c7;color:#92400e}
.ls{flex:1;overflow-y:auto;overscroll-behavior:contain;display:flex;flex-direction:column;padding:12px;gap:8px}
.day{align-self:center;text-align:center;font-size:12px;color:var(--mu);margin:6px 0}
.m{display:flex;flex-direction:column;max-width:82%}
.v{align-self:flex-end;align-items:flex-end}
.o{align-self:flex-start}
.bu{padding:8px 12px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bb)}
.v .bu{background:var(--pa);color:var(--pf);border-bottom-right-radius:4px}
.o .bu{border-bottom-left-radius:4px}
.s{align-self:center;text-align:center}
.s .bu{background:none;color:var(--mu);font-size:13px}
.bu a{color:inherit}
.fl .bu{opacity:.7}
.mt,.ty{font-size:11px;color:var(--mu);margin-top:2px}
.at{list-style:none;padding:0;display:flex;gap:6px;flex-direction:column;margin:6px 0 0}
.dz{position:absolute;inset:0;z-index:1;display:grid;place-items:center;margin:8px;border:2px dashed var(--pt);border-radius:12px;background:var(--bg);color:var(--fg);font-weight:600;opacity:.95}
.ty{min-height:18px;padding:0 14px;font-size:12px}
.cm{border-top:1px solid var(--bd);padding:8px}
.tr{padding:4px 12px;font-size:13px;color:var(--mu)}

.row{display:flex;align-items:flex-end;gap:4px}
textarea,input,select{font:inherit;font-size:16px;font-weight:400;color:var(--fg);background:var(--bg);border:1px solid var(--bd);border-radius:10px;padding:8px 10px}
textarea:focus,input:focus,select:focus{outline:2px solid var(--pt);border-color:transparent}
.cm textarea{flex:1;min-height:40px;max-height:120px;resize:none}
.sj{display:block;width:100%;box-sizing:border-box;margin-bottom:6px;padding:6px 10px}
.nr{display:flex;justify-content:space-between;margin:0 0 6px;font-weight:600}
.er{color:var(--er);font-size:13px;font-weight:400}
.lnk{color:var(--pt);text-decoration:underline;font-size:13px;align-self:center}
.btn{text-align:center;padding:10px 16px;border-radius:10px;background:var(--pa);color:var(--pf);font-weight:600}
`;
