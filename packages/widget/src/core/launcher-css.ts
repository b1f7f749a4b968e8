/**
 * Host box and launcher styles. `all: initial` on the host stops the page's inherited styles
 * (fonts, colours, line height) from leaking in; `!important` in :host beats page rules that
 * happen to match the host element. The launcher needs no theme colours: the panel's CSS (and
 * the greetings bubble's) define them when they load.
 */
// The launcher's focus ring is two-tone (its icon colour next to it, the accent outside): one of
// the two always stands out from the page, with no colour maths before interaction.
// Phones with a notch or a home indicator: keep clear of them (pages with viewport-fit=cover).
const SAFE_B = 'env(safe-area-inset-bottom,0px)';
export const LAUNCHER_CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;z-index:var(--pz)!important;bottom:calc(var(--py) + ${SAFE_B})!important;right:calc(var(--px) + env(safe-area-inset-right,0px))!important;left:auto!important;top:auto!important}
:host([data-pos=left]){left:calc(var(--px) + env(safe-area-inset-left,0px))!important;right:auto!important}
:host([data-state=hidden]){display:none!important}
*{box-sizing:border-box}
.l{all:unset;position:relative;display:grid;place-items:center;width:56px;height:56px;border-radius:50%;background:var(--pa);color:var(--pf);cursor:pointer;box-shadow:0 4px 14px #0004;transition:transform .15s}
.l:hover{transform:scale(1.06)}
.l:focus-visible{outline:3px solid var(--pa);outline-offset:3px;box-shadow:0 0 0 3px var(--pf)}
.l svg{width:28px;height:28px;fill:currentColor}
.b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#dc2626;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}
.e{position:absolute;bottom:64px;right:0;width:220px;padding:8px 12px;border-radius:10px;background:#fff;color:#111;font:13px system-ui,sans-serif;box-shadow:0 4px 14px #0004}
:host([data-pos=left]) .e{right:auto;left:0}
.e:empty,.b[hidden],:host([data-launcher=off]) .l,:host([data-state=open][data-device=mobile]) .l{display:none}
@media (max-width:520px){:host([data-state=open]) .l{display:none}}
@media (prefers-reduced-motion:reduce){*{transition:none!important}}
`;
