/** The panel's stylesheet, adopted into the launcher's shadow root when the panel first opens. */
export const PANEL_CSS = `
.panel{box-sizing:border-box;width:320px;max-width:calc(100vw - 24px);max-height:min(560px,calc(100vh - 120px));overflow:auto;background:#fff;color:#1f2328;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.22);padding:8px 0;margin-bottom:14px}
.head{display:flex;align-items:center;gap:4px;padding:8px 16px 6px}
.title{font-size:15px;font-weight:600;margin:0;line-height:1.3}
.list{list-style:none;margin:0;padding:0 8px}
.row{margin:0}
.item{box-sizing:border-box;display:flex;align-items:center;gap:12px;width:100%;min-height:48px;padding:6px 8px;border:0;border-radius:10px;background:none;font:inherit;color:inherit;text-align:start;text-decoration:none;cursor:pointer}
.item:hover{background:#f2f4f7}
.item:focus-visible,.icon-btn:focus-visible,.submit:focus-visible,.open-here:focus-visible{outline:2px solid var(--pm-c);outline-offset:2px}
.badge{flex:none;display:grid;place-items:center;width:36px;height:36px;border-radius:50%;color:#fff;background:#6b7280}
.badge-chat{background:var(--pm-c);color:var(--pm-fg)}
.badge-callback{background:#d97706}.badge-telegram{background:#229ed9}.badge-whatsapp{background:#1da851}.badge-viber{background:#7360f2}
.badge-vk{background:#0077ff}.badge-messenger{background:#0866ff}.badge-phone{background:#15803d}
.icon{width:20px;height:20px}
.label{flex:1}
.spinner{width:16px;height:16px;border:2px solid #c9ced6;border-top-color:var(--pm-c);border-radius:50%;animation:pm-spin .8s linear infinite}
@keyframes pm-spin{to{transform:rotate(1turn)}}
.icon-btn{display:grid;place-items:center;width:32px;height:32px;margin-inline-start:-8px;border:0;border-radius:50%;background:none;color:inherit;cursor:pointer}
.icon-btn:hover{background:#f2f4f7}.icon-btn svg{width:20px;height:20px}
.form{display:grid;gap:12px;padding:4px 16px 12px}
.field{display:grid;gap:4px;font-size:13px;color:#57606a}
.field input{box-sizing:border-box;width:100%;height:40px;padding:0 10px;border:1px solid #c9ced6;border-radius:8px;font:inherit;font-size:15px;color:#1f2328;background:#fff}
.field input:focus{outline:2px solid var(--pm-c);outline-offset:0;border-color:transparent}
.field input[aria-invalid=true]{border-color:#cf222e}
.error{margin:0 16px;color:#cf222e;font-size:13px}.form .error{margin:0}
.submit{height:42px;border:0;border-radius:8px;background:var(--pm-c);color:var(--pm-fg);font:inherit;font-weight:600;cursor:pointer}
.submit[disabled]{opacity:.7;cursor:default}
.done{margin:8px 16px 16px;font-size:15px}
.qr-view{display:grid;justify-items:center;gap:8px;padding:4px 16px 12px;text-align:center}
.qr{width:200px;height:200px;border-radius:8px;background:#fff}
.qr-loading{background:#f2f4f7}
.hint{margin:0;font-size:13px;color:#57606a}
.open-here{color:inherit;font-size:13px}
@media (prefers-reduced-motion:reduce){.spinner{animation:none}}
`;
