import { requestLabel } from '@parley/protocol';
import type { Props } from './store';
import { createRequests, statusKey } from './requests';

/** The request's number and live status under the header's title: "#1042 · В обработке". */
export function RequestLine({ p }: Props) {
  const d = p.chat.view.value.dialog;
  if (!d?.number) return null;
  const t = p.ctx.state.t.value;
  return (
    <p class="rq" data-status={d.request}>
      {t('request.label', { n: requestLabel(d.number) })}
      {d.request ? ` · ${t(statusKey(d.request))}` : ''}
    </p>
  );
}

/** Opens (or closes) "My requests" (in the chat chunk, like the Help tab: see help-entry.tsx). */
export function openRequests(p: Props['p']): void {
  const ui = p.ui;
  if (ui.requests.value) {
    ui.requests.value = null;
    return;
  }
  ui.help.value = null;
  ui.requests.value = createRequests(p);
}
