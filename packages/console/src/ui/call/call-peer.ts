import { signal } from '@preact/signals';
import { CALL, type IceCandidate, type IceServer, type OperatorCallFrame } from '@parley/protocol';

/**
 * The console's end of a call's media: microphone and camera, and the RTCPeerConnection that
 * offers (the console always makes the offer, the widget answers). ICE candidates that come
 * before the answer wait for it.
 */
export function createCallPeer(win: Window & typeof globalThis, send: (f: OperatorCallFrame) => void) {
  const local = signal<MediaStream | null>(null);
  const remote = signal<MediaStream | null>(null);
  const connected = signal(false);
  const micOn = signal(true);
  const camOn = signal(true);
  let pc: RTCPeerConnection | null = null;
  let waiting: IceCandidate[] = [];
  let described = false;

  const track = (kind: 'audio' | 'video') =>
    local
      .peek()
      ?.getTracks()
      .find((t) => t.kind === kind) ?? null;

  return {
    local,
    remote,
    connected,
    micOn,
    camOn,
    async open(video: boolean): Promise<boolean> {
      try {
        local.value = await win.navigator.mediaDevices.getUserMedia({ audio: true, video });
        micOn.value = true;
        camOn.value = video;
        return true;
      } catch {
        return false;
      }
    },
    /** Answered: connect with the project's STUN/TURN servers and send the offer. */
    async offer(callId: string, iceServers: IceServer[], failed: () => void): Promise<void> {
      const c = new win.RTCPeerConnection({ iceServers });
      pc = c;
      const stream = local.peek();
      for (const t of stream?.getTracks() ?? []) c.addTrack(t, stream!);
      c.ontrack = (e) => {
        remote.value = e.streams[0] ?? new MediaStream([e.track]);
      };
      c.onicecandidate = (e) => {
        if (e.candidate) send({ type: CALL.Ice, callId, candidate: e.candidate.toJSON() as IceCandidate });
      };
      c.onconnectionstatechange = () => {
        if (c.connectionState === 'connected') connected.value = true;
        else if (c.connectionState === 'failed') failed();
      };
      await c.setLocalDescription(await c.createOffer());
      if (pc === c) send({ type: CALL.Offer, callId, sdp: c.localDescription!.sdp });
    },
    async answer(sdp: string): Promise<void> {
      const c = pc;
      if (!c) return;
      await c.setRemoteDescription({ type: 'answer', sdp });
      described = true;
      for (const i of waiting) await c.addIceCandidate(i);
      waiting = [];
    },
    ice(candidate: IceCandidate): void {
      if (!pc) return;
      if (described) void pc.addIceCandidate(candidate).catch(() => undefined);
      else waiting.push(candidate);
    },
    toggleMic(): void {
      const t = track('audio');
      if (t) micOn.value = t.enabled = !t.enabled;
    },
    toggleCam(): void {
      const t = track('video');
      if (t) camOn.value = t.enabled = !t.enabled;
    },
    close(): void {
      pc?.close();
      pc = null;
      waiting = [];
      described = false;
      for (const t of local.peek()?.getTracks() ?? []) t.stop();
      local.value = null;
      remote.value = null;
      connected.value = false;
    },
  };
}
export type CallPeer = ReturnType<typeof createCallPeer>;
