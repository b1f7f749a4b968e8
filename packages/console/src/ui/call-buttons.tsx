import { useEffect } from 'preact/hooks';
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

/**
 * The call dock (ringing, in call, ended). The call chunk is imported here, once a call frame came
 * or the operator started a call, and attached to the workspace's calls.
 */
export function CallDock() {
  const ws = useWorkspace();
  const wanted = ws.calls.wanted.value;
  useEffect(() => {
    if (!wanted || ws.calls.ui.peek()) return;
    let live = true;
    void import('./call/call-controller').then(
      (m) => live && ws.calls.attach(m.createCallController(ws.calls.deps)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [wanted]);
  const ui = ws.calls.ui.value;
  return ui ? <ui.Dock /> : null;
}
