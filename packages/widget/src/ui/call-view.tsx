import type { TextKey } from '../core/texts';
import type { Translate } from '../core/state';
import { Icon } from './icon';
import { CALL_ICONS } from './call-icons';
import type { CallMedia } from './call-rtc';

export interface CallShown {
  id: string;
  phase: 'incoming' | 'outgoing' | 'connecting' | 'ended';
  video: boolean;
  /** The operator who calls. */
  name: string;
  /** When it was answered (this device's clock). */
  startedAt?: number;
  note?: TextKey;
  durationMs?: number | undefined;
}

const ICONS = {
  mic: 'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9z',
  micOff:
    'M19 11h-2c0 .7-.15 1.4-.43 2l1.5 1.5A7 7 0 0 0 19 11zM15 11V5a3 3 0 0 0-5.9-.8L15 10.1zM4.3 3 3 4.3l6 6V11a3 3 0 0 0 4.4 2.7l1.6 1.6A5 5 0 0 1 7 11H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 3.4-1.4l3.3 3.3 1.3-1.3z',
  camOff: 'M21 6.5l-4 4V7a1 1 0 0 0-1-1H9.8L21 17.2zM3.3 2 2 3.3 4.7 6H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12c.2 0 .4-.1.5-.2l3.2 3.2 1.3-1.3z',
  flip: 'M20 5h-3.2L15 3H9L7.2 5H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm-8 13a5 5 0 0 1-4.9-4H5l3-3 3 3H9.1a3 3 0 0 0 5.1 1.4l1.4 1.4A5 5 0 0 1 12 18zm4.9-5-3-3H16a3 3 0 0 0-5.1-1.4L9.5 7.2A5 5 0 0 1 17 10h2z',
};

interface Actions {
  accept(): void;
  decline(): void;
  hangup(): void;
  close(): void;
  toggleMic(): void;
  toggleCam(): void;
  switchCamera(): void;
}

/** The call card: ringing, connecting and in call (videos, controls), then its end. */
export function CallView(props: { call: CallShown; now: number; media: CallMedia; t: Translate; actions: Actions; duration: (ms: number) => string }) {
  const { call: c, media: m, t, actions: a } = props;
  const live = c.phase !== 'ended';
  const status =
    c.phase === 'incoming'
      ? t(c.video ? 'call.incomingVideo' : 'call.incoming', { name: c.name })
      : c.phase === 'outgoing'
        ? t('call.calling')
        : c.phase === 'ended'
          ? t(c.note ?? 'call.ended') + (c.durationMs !== undefined ? ` · ${props.duration(c.durationMs)}` : '')
          : m.connected.value && c.startedAt
            ? props.duration(props.now - c.startedAt)
            : t('call.connecting');
  const inCall = c.phase === 'connecting';
  return (
    <section class="call" role="dialog" aria-label={t(c.video ? 'call.video' : 'call.audio')} data-phase={c.phase}>
      {live && c.video && (
        <div class="cv">
          <video class="rv" autoplay playsInline srcObject={m.remote.value} />
          <video class="lv" autoplay playsInline muted srcObject={m.local.value} />
        </div>
      )}
      {live && !c.video && <audio autoplay srcObject={m.remote.value} />}
      <p class="cs" role="status">
        {status}
      </p>
      <div class="cb">
        {c.phase === 'incoming' && (
          <>
            <button type="button" class="ok" aria-label={t('call.accept')} onClick={a.accept}>
              <Icon d={c.video ? CALL_ICONS.video : CALL_ICONS.phone} />
            </button>
            <button type="button" class="no" aria-label={t('call.decline')} onClick={a.decline}>
              <Icon d={CALL_ICONS.phone} class="down" />
            </button>
          </>
        )}
        {inCall && (
          <>
            <button type="button" aria-label={t(m.micOn.value ? 'call.mute' : 'call.unmute')} aria-pressed={!m.micOn.value} onClick={a.toggleMic}>
              <Icon d={m.micOn.value ? ICONS.mic : ICONS.micOff} />
            </button>
            {c.video && (
              <button type="button" aria-label={t(m.camOn.value ? 'call.cameraOff' : 'call.cameraOn')} aria-pressed={!m.camOn.value} onClick={a.toggleCam}>
                <Icon d={m.camOn.value ? CALL_ICONS.video : ICONS.camOff} />
              </button>
            )}
            {c.video && m.cameras.value > 1 && (
              <button type="button" aria-label={t('call.switchCamera')} onClick={a.switchCamera}>
                <Icon d={ICONS.flip} />
              </button>
            )}
          </>
        )}
        {(inCall || c.phase === 'outgoing') && (
          <button type="button" class="no" aria-label={t('call.hangup')} onClick={a.hangup}>
            <Icon d={CALL_ICONS.phone} class="down" />
          </button>
        )}
        {!live && (
          <button type="button" aria-label={t('call.close')} onClick={a.close}>
            ✕
          </button>
        )}
      </div>
    </section>
  );
}
