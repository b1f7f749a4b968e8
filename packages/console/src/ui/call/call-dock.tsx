import { callDuration } from '@parley/protocol';
import { useT } from '../context';
import type { CallPeer } from './call-peer';
import type { callEn } from '../../i18n/call-texts';

export type ConsoleCallText = keyof typeof callEn;

export interface ShownCall {
  id: string;
  dialogId: string;
  video: boolean;
  phase: 'incoming' | 'outgoing' | 'connecting' | 'ended';
  /** The visitor's name as the header shows it (calls the operator starts). */
  name: string;
  startedAt?: number;
  note?: ConsoleCallText;
  durationMs?: number | undefined;
  detail?: string | undefined;
}

interface Actions {
  accept(r: ShownCall): void;
  decline(r: ShownCall): void;
  hangup(): void;
  close(): void;
  open(dialogId: string): void;
  toggleMic(): void;
  toggleCam(): void;
}

/** Visitors asking for a call, and this console's call: videos, controls, its end. */
export function CallDockView({
  call: c,
  rings,
  now,
  peer,
  actions: a,
}: {
  call: ShownCall | null;
  rings: ShownCall[];
  now: number;
  peer: CallPeer;
  actions: Actions;
}) {
  const t = useT();
  if (!c && rings.length === 0) return null;
  const live = c && c.phase !== 'ended';
  let status = '';
  if (c) {
    if (c.phase === 'outgoing') status = t('call.calling', { name: c.name });
    else if (c.phase === 'ended')
      status = t(c.note ?? 'call.ended') + (c.durationMs !== undefined ? ` · ${callDuration(c.durationMs)}` : '') + (c.detail ? ` (${c.detail})` : '');
    else status = peer.connected.value && c.startedAt ? callDuration(now - c.startedAt) : t('call.connecting');
  }
  return (
    <aside class="call-dock" aria-label={t('call.audio')}>
      {rings.map((r) => (
        <div class="call-card" key={r.id} role="alertdialog" aria-label={t(r.video ? 'call.incomingVideo' : 'call.incoming', { name: r.name })}>
          <p>{t(r.video ? 'call.incomingVideo' : 'call.incoming', { name: r.name })}</p>
          <div class="call-actions">
            <button type="button" class="btn primary" disabled={!!live} onClick={() => a.accept(r)}>
              {t('call.accept')}
            </button>
            <button type="button" class="btn" onClick={() => a.decline(r)}>
              {t('call.decline')}
            </button>
            <button type="button" class="btn" onClick={() => a.open(r.dialogId)}>
              {t('call.open')}
            </button>
          </div>
        </div>
      ))}
      {c && (
        <div class="call-card" data-phase={c.phase}>
          {live && c.video && (
            <div class="call-videos">
              <video class="call-remote" autoplay playsInline srcObject={peer.remote.value} />
              <video class="call-local" autoplay playsInline muted srcObject={peer.local.value} />
            </div>
          )}
          {live && !c.video && <audio autoplay srcObject={peer.remote.value} />}
          <p class="call-status" role="status">
            {status}
          </p>
          <div class="call-actions">
            {c.phase === 'connecting' && (
              <>
                <button type="button" class="btn" aria-pressed={!peer.micOn.value} onClick={a.toggleMic}>
                  {t(peer.micOn.value ? 'call.mute' : 'call.unmute')}
                </button>
                {c.video && (
                  <button type="button" class="btn" aria-pressed={!peer.camOn.value} onClick={a.toggleCam}>
                    {t(peer.camOn.value ? 'call.cameraOff' : 'call.cameraOn')}
                  </button>
                )}
              </>
            )}
            {live && (
              <button type="button" class="btn danger" onClick={a.hangup}>
                {t('call.hangup')}
              </button>
            )}
            {!live && (
              <button type="button" class="btn" onClick={a.close}>
                {t('call.close')}
              </button>
            )}
          </div>
        </div>
      )}
    </aside>
  );
}
