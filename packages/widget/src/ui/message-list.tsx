/** @jsxRuntime classic */
/** @jsx _h */
/** @jsxFrag _F */
import { h as _h, Fragment as _F } from 'preact';
import type { Props } from './store';
import { MessageItem } from './message-item';
import { dayKey, dayLabel } from './format';

export function MessageList({ p }: Props) {
  const { ctx, chat, ui } = p;
  const { state } = ctx;
  const t = state.t.value;
  const locale = state.locale.value;
  const entries = chat.entries.value;
  const view = chat.view.value;
  const typing = chat.operatorTyping.value;
  const words = { today: t('chat.today'), yesterday: t('chat.yesterday') };
  const now = Date.now();
  const rows = [];
  let day = '';
  for (const e of entries) {
    const ts = e.kind === 'message' ? e.message.createdAt : e.at;
    const k = dayKey(ts);
    if (k !== day) {
      day = k;
      rows.push(
        <div key={`d${k}`} class="day" role="separator">
          {dayLabel(ts, now, locale, words)}
        </div>,
      );
    }
    rows.push(<MessageItem key={e.kind === 'message' ? (e.message.clientId ?? e.message.id) : e.clientId} entry={e} p={p} />);
  }
  return (
    <>
      <div
        class="ls"
        ref={(e) => void (ui.els.list = e)}
        // Follow new messages while the visitor is at the bottom; leave them alone when reading back.
        onScroll={(e) => {
          const el = e.currentTarget;
          ui.stick = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-labelledby="parley-title"
        tabIndex={0}
      >
        {view.hasMore && (
          <button type="button" class="lnk" onClick={() => chat.fetchOlder()}>
            {t('chat.earlier')}
          </button>
        )}
        {entries.length === 0 && (
          <div class="m o">
            <div class="bu">{state.greeting.value ?? t('chat.greeting')}</div>
          </div>
        )}
        {rows}
        {view.dialog?.status === 'closed' && <div class="day">{t('chat.closed')}</div>}
      </div>
      <div class="ty">{typing ? t('chat.typing', { name: typing.name }) : ''}</div>
    </>
  );
}
