/** The console's call chunk: imported only when a call rings or the operator starts one. */
import * as v from 'valibot';
import { computed, effect, signal } from '@preact/signals';
import { CALL, CallToOperatorFrameSchema, type CallEndReason } from '@parley/protocol';
import type { ConsoleCallDeps, ConsoleCallUi } from '../../state/call-host';
import { createCallPeer } from './call-peer';
import { createCallRecorder } from './call-recorder';
import { CallDockView, type RecShown, type ShownCall, type ConsoleCallText } from './call-dock';

const ENDED: Record<CallEndReason, ConsoleCallText> = {
  hangup: 'call.ended',
  gone: 'call.gone',
  declined: 'call.declined',
  missed: 'call.missed',
  taken: 'call.ended',
  unavailable: 'call.unavailable',
};

function newCallId(c: Crypto): string {
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createCallController(deps: ConsoleCallDeps): ConsoleCallUi {
  const { window: win } = deps;
  const peer = createCallPeer(win, (f) => void deps.send(f));
  /** The call of this console (one at a time), and the visitors' requests ringing meanwhile. */
  const call = signal<ShownCall | null>(null);
  const rings = signal<ShownCall[]>([]);
  const recorder = createCallRecorder(win);
  /** The recording's state as the dock shows it. */
  const rec = signal<RecShown>(null);
  const now = signal(Date.now());
  let tick: number | undefined;

  const live = () => {
    const c = call.peek();
    return c && c.phase !== 'ended' ? c : null;
  };
  const busy = computed(() => {
    const c = call.value;
    return c && c.phase !== 'ended' ? c.dialogId : null;
  });
  const set = (c: ShownCall | null) => {
    call.value = c;
    if (c && c.phase !== 'ended') tick ??= win.setInterval(() => (now.value = Date.now()), 1000);
    else {
      win.clearInterval(tick);
      tick = undefined;
    }
  };
  /** The recording stopped (either side, or the call ended): upload it and post it into the dialog. */
  const saveRecording = (c: ShownCall) => {
    if (!recorder.running) return;
    rec.value = 'saving';
    void recorder
      .stop()
      .then((file) => (file ? deps.saveRecording(c.dialogId, c.id, file) : Promise.reject(new Error('empty recording'))))
      .then(
        () => (rec.value = 'saved'),
        () => (rec.value = 'failed'),
      );
  };
  const end = (note: ConsoleCallText, durationMs?: number, detail?: string) => {
    const was = call.peek();
    if (was) saveRecording(was);
    else rec.value = null;
    if (rec.peek() === 'asked' || rec.peek() === 'on') rec.value = null;
    peer.close();
    const c = call.peek();
    set(c ? { ...c, phase: 'ended', note, durationMs, detail } : null);
  };
  const hangup = () => {
    const c = live();
    if (!c) return;
    deps.send({ type: CALL.Hangup, callId: c.id });
    end('call.ended', c.startedAt ? Date.now() - c.startedAt : undefined);
  };
  const dropRing = (id: string) => (rings.value = rings.value.filter((r) => r.id !== id));
  // Visitors asking for a call ring (the notifier's chime, if the operator's sound is on) until answered or gone.
  const stopRing = effect(() => deps.ring(rings.value.length > 0 && !(call.value && call.value.phase !== 'ended')));

  const actions = {
    async accept(r: ShownCall) {
      if (live()) return;
      dropRing(r.id);
      set({ ...r, phase: 'connecting' });
      rec.value = null;
      deps.openDialog(r.dialogId);
      if (!(await peer.open(r.video))) {
        deps.send({ type: CALL.Decline, callId: r.id });
        return end('call.noMedia');
      }
      deps.send({ type: CALL.Accept, callId: r.id });
    },
    decline(r: ShownCall) {
      dropRing(r.id);
      deps.send({ type: CALL.Decline, callId: r.id });
    },
    hangup,
    close: () => set(null),
    open: (dialogId: string) => deps.openDialog(dialogId),
    toggleMic: () => peer.toggleMic(),
    toggleCam: () => peer.toggleCam(),
    record() {
      const c = live();
      if (c && peer.connected.peek() && (rec.peek() === null || rec.peek() === 'declined' || rec.peek() === 'saved' || rec.peek() === 'failed'))
        deps.send({ type: CALL.Record, callId: c.id });
    },
    stopRecording() {
      const c = live();
      if (c && (rec.peek() === 'on' || rec.peek() === 'asked')) deps.send({ type: CALL.RecordStop, callId: c.id });
    },
  };

  return {
    busy,
    frame(raw) {
      const r = v.safeParse(CallToOperatorFrameSchema, raw);
      if (!r.success) return;
      const f = r.output;
      if (f.type === CALL.Ring) {
        if (!rings.peek().some((x) => x.id === f.callId))
          rings.value = [...rings.peek(), { id: f.callId, dialogId: f.dialogId, video: f.video, phase: 'incoming', name: deps.nameOf(f.dialogId) }];
        return;
      }
      if (f.type === CALL.Ended) dropRing(f.callId);
      const c = live();
      if (!c || c.id !== f.callId) return;
      switch (f.type) {
        case CALL.Started:
          set({ ...c, phase: 'connecting', startedAt: Date.now() });
          peer.offer(c.id, f.iceServers, hangup).catch(hangup);
          return;
        case CALL.Answer:
          peer.answer(f.sdp).catch(hangup);
          return;
        case CALL.Ice:
          peer.ice(f.candidate);
          return;
        case CALL.Recording:
          if (f.state === 'on') {
            rec.value = recorder.start(peer.local.peek(), peer.remote.peek(), c.video) ? 'on' : 'failed';
            // Nothing can be recorded here: the visitor's indicator must not stay on.
            if (rec.peek() === 'failed') deps.send({ type: CALL.RecordStop, callId: c.id });
          } else if (f.state === 'off') saveRecording(c);
          else rec.value = f.state;
          return;
        case CALL.Ended:
          return end(ENDED[f.reason], f.durationMs);
      }
    },
    refused(callId, message) {
      dropRing(callId);
      if (live()?.id === callId) end('call.unavailable', undefined, message);
    },
    start(dialogId, name, video) {
      if (live()) return;
      const id = newCallId(win.crypto);
      set({ id, dialogId, video, phase: 'outgoing', name });
      rec.value = null;
      void peer.open(video).then((ok) => {
        if (!ok) return end('call.noMedia');
        if (call.peek()?.id === id) deps.send({ type: CALL.Ring, callId: id, dialogId, video });
      });
    },
    Dock: () => <CallDockView call={call.value} rings={rings.value} now={now.value} peer={peer} rec={rec.value} actions={actions} />,
    destroy() {
      const c = live();
      if (c) deps.send({ type: CALL.Hangup, callId: c.id });
      if (c) saveRecording(c);
      peer.close();
      stopRing();
      deps.ring(false);
      win.clearInterval(tick);
    },
  };
}
