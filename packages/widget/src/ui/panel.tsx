import type { Props } from './store';
import { Header } from './header';
import { MessageList } from './message-list';
import { Composer } from './composer';
import { Rating } from './rating';
import { OfflineForm } from './offline-form';
import { Transcript } from './transcript';

/** The chat panel: a dialog beside the launcher, full screen on phones; Escape closes it. */
export function Panel({ p }: Props) {
  const { ctx, status, ui } = p;
  const { state } = ctx;
  const open = state.open.value;
  const full = ui.full.value;
  const offline = status.value === 'offline';
  return (
    <div
      ref={(e) => void (ui.els.panel = e)}
      id="parley-panel"
      class={full ? 'p full' : 'p'}
      role="dialog"
      aria-modal={full ? 'true' : 'false'}
      aria-labelledby="parley-title"
      tabIndex={-1}
      hidden={!open}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          ctx.close();
        }
      }}
    >
      <Header p={p} />
      {offline && (
        <div class="bn" role="status">
          {state.t.value('panel.noConnection')}
        </div>
      )}
      {state.mode.value === 'offline-form' ? (
        <OfflineForm p={p} />
      ) : (
        <>
          <MessageList p={p} />
          <Rating p={p} />
          <Transcript p={p} />
          <Composer p={p} />
        </>
      )}
    </div>
  );
}
