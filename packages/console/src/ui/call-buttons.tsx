import { useT, useWorkspace } from './context';

/** Call and video call in the dialog header (the call chunk loads on the click). */
export function CallButtons({ dialogId, name }: { dialogId: string; name: string }) {
  const ws = useWorkspace();
  const t = useT();
  const ui = ws.calls.ui.value;
  if (ws.project.info.value?.settings.calls.enabled === false || (ui && ui.busy.value !== null)) return null;
  return (
    <>
      <button type="button" class="btn" onClick={() => ws.calls.start(dialogId, name, false)}>
        {t('call.audio')}
      </button>
      <button type="button" class="btn" onClick={() => ws.calls.start(dialogId, name, true)}>
        {t('call.video')}
      </button>
    </>
  );
}

/** The call dock (ringing, in call, ended), once the call chunk is loaded. */
export function CallDock() {
  const ws = useWorkspace();
  const ui = ws.calls.ui.value;
  return ui ? <ui.Dock /> : null;
}
