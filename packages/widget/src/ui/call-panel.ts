/** The call chunk: imported only when a call rings or the visitor starts one. */
import { effect, signal } from '../core/signals';
import { CALL, callDuration, type CallEndReason } from '@parley/protocol';
import type { TextKey } from '../core/texts';
import { parse } from '../core/check';
import { checkCallFrame } from '../generated/validators-call';
import type { CallChunkDeps, CallHostDeps, CallUi } from '../session/call-contract';
import { createCallMedia } from './call-rtc';
import { callView, type CallShown } from './call-view';
import { CALL_CSS } from './call-css';
import { createRing } from './call-ring';

const ENDED: Record<CallEndReason, TextKey> = {
  hangup: 'call.ended',
  gone: 'call.ended',
  declined: 'call.declined',
  missed: 'call.missed',
  taken: 'call.ended',
  unavailable: 'call.unavailable',
};
/** The "call ended" card goes away by itself after this long. */
const LINGER_MS = 6000;

export function createCallUi(deps: CallHostDeps & CallChunkDeps): CallUi {
  const { ctx, busy, h, render } = deps;
  const { win, doc, host } = ctx;
  const media = createCallMedia(win, (f) => void deps.send(f));
  const ring = createRing(win);
  const call = signal<CallShown | null>(null);
  const now = signal(Date.now());
  let tick: ReturnType<typeof setInterval> | undefined;
  let linger: ReturnType<typeof setTimeout> | undefined;

  const container = doc.createElement('div');
  host.root.append(container);
  const unadopt = host.adopt(CALL_CSS);

  const live = () => {
    const c = call.peek();
    return c && c.phase !== 'ended' ? c : null;
  };
  const show = (c: CallShown | null) => {
    clearTimeout(linger);
    call.value = c;
    busy.value = !!c && c.phase !== 'ended';
    // An incoming call rings, unless the project's sound is off or the visitor muted it.
    if (c?.phase === 'incoming' && !deps.silent()) ring.start();
    else ring.stop();
    if (c?.phase === 'ended') linger = setTimeout(() => show(null), LINGER_MS);
    if (busy.value && c?.startedAt) tick ??= setInterval(() => (now.value = Date.now()), 1000);
    else if (!busy.value) {
      clearInterval(tick);
      tick = undefined;
    }
  };
  const end = (note: TextKey, durationMs?: number) => {
    media.close();
    const c = call.peek();
    show(c ? { ...c, phase: 'ended', note, durationMs, rec: undefined } : null);
  };
  const hangup = () => {
    const c = live();
    if (!c) return;
    deps.send({ type: CALL.Hangup, callId: c.id });
    end('call.ended', c.startedAt ? Date.now() - c.startedAt : undefined);
  };

  const actions = {
    async accept() {
      const c = live();
      if (!c || c.phase !== 'incoming') return;
      show({ ...c, phase: 'connecting' });
      if (!(await media.open(c.video))) {
        deps.send({ type: CALL.Decline, callId: c.id });
        return end('call.noMedia');
      }
      deps.send({ type: CALL.Accept, callId: c.id });
    },
    decline() {
      const c = live();
      if (!c) return;
      deps.send({ type: CALL.Decline, callId: c.id });
      show(null);
    },
    hangup,
    close: () => show(null),
    toggleMic: () => media.toggleMic(),
    toggleCam: () => media.toggleCam(),
    switchCamera: () => void media.switchCamera().catch(() => undefined),
    /** The visitor's answer to the operator's ask to record. */
    consent(accept: boolean) {
      const c = live();
      if (c?.rec !== 'asked') return;
      deps.send({ type: CALL.Consent, callId: c.id, accept });
      show({ ...c, rec: undefined });
    },
    stopRecording() {
      const c = live();
      if (c?.rec === 'on') deps.send({ type: CALL.RecordStop, callId: c.id });
    },
  };

  const stopRender = effect(() => {
    const c = call.value;
    render(c ? callView({ call: c, now: now.value, media, t: ctx.state.t.value, actions, duration: callDuration, h, icons: deps.icons }) : null, container);
  });

  return {
    frame(raw) {
      const r = parse(checkCallFrame, raw);
      if (!r.ok) return;
      const f = r.value;
      const c = live();
      if (f.type === CALL.Ring) {
        // Already in a call: this one is declined at once.
        if (c) return void deps.send({ type: CALL.Decline, callId: f.callId });
        return show({ id: f.callId, phase: 'incoming', video: f.video, name: f.operator.name });
      }
      if (!c || c.id !== f.callId) return;
      switch (f.type) {
        case CALL.Started:
          show({ ...c, phase: 'connecting', startedAt: Date.now() });
          media.connect(c.id, f.iceServers, hangup);
          return;
        case CALL.Offer:
          void media.offer(c.id, f.sdp).catch(hangup);
          return;
        case CALL.Ice:
          media.ice(f.candidate);
          return;
        case CALL.Recording:
          return show({ ...c, rec: f.state === 'asked' || f.state === 'on' ? f.state : undefined });
        case CALL.Ended:
          // Answered on another tab or device: nothing to say here.
          if (f.reason === 'taken') {
            media.close();
            return show(null);
          }
          return end(ENDED[f.reason], f.durationMs);
      }
    },
    start(video) {
      if (live()) return;
      const id = deps.newId();
      show({ id, phase: 'outgoing', video, name: '' });
      void media.open(video).then((ok) => {
        if (!ok) return end('call.noMedia');
        if (call.peek()?.id === id) deps.send({ type: CALL.Ring, callId: id, video });
      });
    },
    destroy() {
      const c = live();
      if (c) deps.send({ type: CALL.Hangup, callId: c.id });
      media.close();
      ring.destroy();
      clearInterval(tick);
      clearTimeout(linger);
      stopRender();
      render(null, container);
      container.remove();
      unadopt();
    },
  };
}
