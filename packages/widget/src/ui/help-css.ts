/** Styles of the Help tab (ui/help.tsx), adopted when it first opens. */
export const HELP_CSS = `
.hw{flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:8px;padding:12px}
.hb{align-items:center;gap:12px}
.hc{display:flex;flex-wrap:wrap;gap:6px}
.hc button{all:unset;cursor:pointer;font-size:13px;padding:4px 10px;border:1px solid var(--bd);border-radius:999px}
.hc button[aria-pressed=true]{background:var(--pa);color:var(--pf);border-color:transparent}
.hl{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.hi{all:unset;cursor:pointer;box-sizing:border-box;width:100%;display:flex;flex-direction:column;gap:2px;padding:8px 10px;border:1px solid var(--bd);border-radius:10px;font-size:14px}
.hi:hover{background:var(--bb)}
.hi span{font-size:12px;color:var(--mu)}
.ha{display:flex;flex-direction:column;gap:8px;font-size:14px;overflow-wrap:anywhere}
.ha img{max-width:100%;height:auto}
.ha .alt{display:block;padding:8px;border:1px dashed var(--bd);border-radius:8px;color:var(--mu);font-size:13px}
.ha pre{overflow:auto;background:var(--bb);padding:8px;border-radius:8px}
.ha a{color:var(--pt)}
`;
