/** Styles of "My requests" (ui/requests.tsx), adopted when it first opens. */
export const REQUESTS_CSS = `
.rqw{flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:8px;padding:12px}
.rqb{align-items:center;gap:12px}
.rqf{gap:6px;flex-wrap:wrap}
.rqf select,.rqf input{font-size:14px;padding:4px 6px}
.rql,.rqm{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.rqi{all:unset;cursor:pointer;box-sizing:border-box;width:100%;display:grid;grid-template-columns:auto 1fr auto;gap:2px 8px;padding:8px 10px;border:1px solid var(--bd);border-radius:10px;font-size:13px}
.rqi:hover{background:var(--bb)}
.rqn{font-weight:600}
.rqd{color:var(--mu)}
.rqs{grid-column:1/3;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.rqt{grid-row:1/3;grid-column:3;align-self:center;font-weight:600;color:var(--pt)}
.rqv{display:flex;flex-direction:column;gap:8px}
.rqm li{padding:6px 10px;border-radius:10px;background:var(--bb);font-size:13px;white-space:pre-wrap;overflow-wrap:anywhere}
fieldset{border:0;margin:0;padding:0}
legend{padding:0;margin-bottom:4px;font-weight:600}
.stars{display:flex}
.stars svg{width:30px;height:30px;fill:var(--bd)}
.stars .ib.on svg{fill:#f59e0b}
`;
