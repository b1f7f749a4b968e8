/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import { requestLabel } from '@parley/protocol';
import { statusKey } from './request-status';
import type { Props } from './store';
import { lazyChunk } from './lazy';

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

const requestsChunk = lazyChunk(() => import('./requests'), 'My requests');
/** "My requests" is a chunk of its own, with its texts, fetched when its button is hovered or focused (or clicked). */
export const loadRequests = (p: Props['p']) => Promise.all([requestsChunk(), p.moreTexts()]).then(([m, ok]) => (ok ? m : undefined));

/** Opens (or closes) "My requests". */
export function openRequests(p: Props['p']): void {
  const ui = p.ui;
  if (ui.requests.value) {
    ui.requests.value = null;
    return;
  }
  void loadRequests(p).then((m) => {
    if (!m) return;
    ui.help.value = null;
    ui.requests.value = m.createRequests(p);
  });
}
