import type { ComponentChildren, h as H } from 'preact';
import type { TextKey } from '../core/texts';
import type { Translate } from '../core/state';
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
  /** The operator asks to record (the consent prompt shows), or the call is being recorded. */
  rec?: 'asked' | 'on' | undefined;
}

const ICONS = {
  mic: 'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9z',
  micOff:
    'M19 11h-2c0 .7-.15 1.4-.43 2l1.5 1.5A7 7 0 0 0 19 11zM15 11V5a3 3 0 0 0-5.9-.8L15 10.1zM4.3 3 3 4.3l6 6V11a3 3 0 0 0 4.4 2.7l1.6 1.6A5 5 0 0 1 7 11H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 3.4-1.4l3.3 3.3 1.3-1.3z',
  camOff: 'M21 6.5l-4 4V7a1 1 0 0 0-1-1H9.8L21 17.2zM3.3 2 2 3.3 4.7 6H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12c.2 0 .4-.1.5-.2l3.2 3.2 1.3-1.3z',
  flip: 'M20 5h-3.2L15 3H9L7.2 5H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm-8 13a5 5 0 0 1-4.9-4H5l3-3 3 3H9.1a3 3 0 0 0 5.1 1.4l1.4 1.4A5 5 0 0 1 12 18zm4.9-5-3-3H16a3 3 0 0 0-5.1-1.4L9.5 7.2A5 5 0 0 1 17 10h2z',
};

export interface CallActions {
  accept(): void;
  decline(): void;
  hangup(): void;
  close(): void;
  toggleMic(): void;
  toggleCam(): void;
  switchCamera(): void;
  consent(accept: boolean): void;
  stopRecording(): void;
}

export interface CallViewProps {
  call: CallShown;
  now: number;
  media: CallMedia;
  t: Translate;
  actions: CallActions;
  duration: (ms: number) => string;
  /** The chat chunk's Preact and phone/camera icons, handed over (see CallChunkDeps). */
  h: typeof H;
  icons: { phone: string; video: string };
}

/**
 * The call card: ringing, connecting and in call (videos, controls), then its end. Written with
 * `h` (no JSX): the JSX runtime would be an import from the chat chunk.
 */
export function callView(p: CallViewProps): ComponentChildren {
  const { call: c, media: m, t, actions: a, h } = p;
  const icon = (d: string, cls?: string) => h('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false', class: cls }, h('path', { d }));
  const button = (label: TextKey, d: string, onClick: () => void, o: { cls?: string; pressed?: boolean; down?: boolean } = {}) =>
    h('button', { type: 'button', class: o.cls, 'aria-label': t(label), 'aria-pressed': o.pressed, onClick }, icon(d, o.down ? 'down' : undefined));
  const live = c.phase !== 'ended';
  const inCall = c.phase === 'connecting';
  const status =
    c.phase === 'incoming'
      ? t(c.video ? 'call.incomingVideo' : 'call.incoming', { name: c.name })
      : c.phase === 'outgoing'
        ? t('call.calling')
        : c.phase === 'ended'
          ? t(c.note ?? 'call.ended') + (c.durationMs !== undefined ? ` · ${p.duration(c.durationMs)}` : '')
          : m.connected.value && c.startedAt
            ? p.duration(p.now - c.startedAt)
            : t('call.connecting');
  const controls = [];
  if (c.phase === 'incoming') {
    controls.push(button('call.accept', c.video ? p.icons.video : p.icons.phone, a.accept, { cls: 'ok' }));
    controls.push(button('call.decline', p.icons.phone, a.decline, { cls: 'no', down: true }));
  }
  if (inCall) {
    const mic = m.micOn.value;
    controls.push(button(mic ? 'call.mute' : 'call.unmute', mic ? ICONS.mic : ICONS.micOff, a.toggleMic, { pressed: !mic }));
    if (c.video) {
      const cam = m.camOn.value;
      controls.push(button(cam ? 'call.cameraOff' : 'call.cameraOn', cam ? p.icons.video : ICONS.camOff, a.toggleCam, { pressed: !cam }));
      if (m.cameras.value > 1) controls.push(button('call.switchCamera', ICONS.flip, a.switchCamera));
    }
  }
  if (inCall || c.phase === 'outgoing') controls.push(button('call.hangup', p.icons.phone, a.hangup, { cls: 'no', down: true }));
  if (!live) controls.push(h('button', { type: 'button', 'aria-label': t('call.close'), onClick: a.close }, '✕'));
  return h(
    'section',
    { class: 'call', role: 'dialog', 'aria-label': t(c.video ? 'call.video' : 'call.audio'), 'data-phase': c.phase },
    live && c.video
      ? h(
          'div',
          { class: 'cv' },
          h('video', { class: 'rv', autoplay: true, playsInline: true, srcObject: m.remote.value }),
          h('video', { class: 'lv', autoplay: true, playsInline: true, muted: true, srcObject: m.local.value }),
        )
      : null,
    live && !c.video ? h('audio', { autoplay: true, srcObject: m.remote.value }) : null,
    h('p', { class: 'cs', role: 'status' }, status),
    h('div', { class: 'cb' }, ...controls),
    live && c.rec === 'on'
      ? h(
          'p',
          { class: 'rec' },
          h('span', { class: 'rd', role: 'status' }, t('call.recording')),
          h('button', { type: 'button', onClick: a.stopRecording }, t('call.recordStop')),
        )
      : null,
    live && c.rec === 'asked'
      ? h(
          'div',
          { class: 'ra', role: 'alertdialog', 'aria-label': t('call.recordAsk') },
          h('p', null, t('call.recordAsk')),
          h('button', { type: 'button', class: 'ok', onClick: () => a.consent(true) }, t('call.recordAccept')),
          h('button', { type: 'button', onClick: () => a.consent(false) }, t('call.recordDecline')),
        )
      : null,
  );
}
