/**
 * The launcher's stylesheet (button, pulse, call-to-action), adopted into its shadow root.
 * Colours and offsets come in as custom properties set through CSSOM, never as inline markup.
 */
export const LAUNCHER_CSS = `
:host{all:initial!important}
.root{position:fixed;bottom:var(--pm-y);z-index:var(--pm-z);display:flex;flex-direction:column;align-items:flex-end;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;--pm-c:#1a73e8;--pm-fg:#fff}
.root[data-pos=bottom-right]{right:var(--pm-x)}
.root[data-pos=bottom-left]{left:var(--pm-x);align-items:flex-start}
.root[hidden],[hidden]{display:none!important}
.bar{display:flex;align-items:center;gap:12px}
.root[data-pos=bottom-left] .bar{flex-direction:row-reverse}
.btn{position:relative;width:60px;height:60px;border:0;border-radius:50%;padding:0;background:var(--pm-c);color:var(--pm-fg);cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.25);display:grid;place-items:center}
.btn:focus-visible{outline:3px solid var(--pm-c);outline-offset:3px}
.btn svg{width:28px;height:28px}
.btn::before{content:"";position:absolute;inset:0;border-radius:50%;background:var(--pm-c);z-index:-1;opacity:0}
.root[data-pulse] .btn[aria-expanded=false]::before{animation:pm-pulse 2s ease-out infinite}
@keyframes pm-pulse{0%{transform:scale(1);opacity:.55}100%{transform:scale(1.7);opacity:0}}
@media (prefers-reduced-motion:reduce){.root[data-pulse] .btn[aria-expanded=false]::before{animation:none}}
.cta{position:relative;max-width:240px;padding:10px 32px 10px 14px;background:#fff;border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.18)}
.cta-text{margin:0;cursor:pointer}
.cta-x{position:absolute;top:4px;right:4px;width:24px;height:24px;border:0;border-radius:50%;background:none;color:#57606a;cursor:pointer;font:16px/1 system-ui,sans-serif}
.cta-x:focus-visible{outline:2px solid var(--pm-c)}
`;
