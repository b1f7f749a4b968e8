import { signal } from '../core/signals';
import { CALL, type IceCandidate, type IceServer, type VisitorCallFrame } from '@parley/protocol';

/**
 * The widget's end of a call's media: the camera and microphone, and one RTCPeerConnection that
 * answers the operator's offer (the console always offers). ICE candidates that come before the
 * offer wait for it.
 */
export function createCallMedia(win: Window & typeof globalThis, send: (f: VisitorCallFrame) => void) {
  const local = signal<MediaStream | null>(null);
  const remote = signal<MediaStream | null>(null);
  /** Connected: media flows. */
  const connected = signal(false);
  const micOn = signal(true);
  const camOn = signal(true);
  const cameras = signal(0);
  let pc: RTCPeerConnection | null = null;
  let waiting: IceCandidate[] = [];
  let described = false;
  let onFailed: () => void = () => undefined;

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
    cameras,
    /** Asks for the microphone (and camera): false when the browser or the visitor refused. */
    async open(video: boolean): Promise<boolean> {
      try {
        const m = await win.navigator.mediaDevices.getUserMedia({ audio: true, video });
        local.value = m;
        micOn.value = true;
        camOn.value = video;
        if (video) {
          const all = await win.navigator.mediaDevices.enumerateDevices();
          cameras.value = all.filter((d) => d.kind === 'videoinput').length;
        }
        return true;
      } catch {
        return false;
      }
    },
    /** The call was answered: the connection, with the project's STUN/TURN servers. */
    connect(callId: string, iceServers: IceServer[], failed: () => void): void {
      onFailed = failed;
      const c = new win.RTCPeerConnection({ iceServers });
      pc = c;
      for (const t of local.peek()?.getTracks() ?? []) c.addTrack(t, local.peek()!);
      c.ontrack = (e) => {
        remote.value = e.streams[0] ?? new MediaStream([e.track]);
      };
      c.onicecandidate = (e) => {
        if (e.candidate) send({ type: CALL.Ice, callId, candidate: e.candidate.toJSON() as IceCandidate });
      };
      c.onconnectionstatechange = () => {
        if (c.connectionState === 'connected') connected.value = true;
        else if (c.connectionState === 'failed') onFailed();
      };
    },
    async offer(callId: string, sdp: string): Promise<void> {
      const c = pc;
      if (!c) return;
      await c.setRemoteDescription({ type: 'offer', sdp });
      described = true;
      for (const i of waiting) await c.addIceCandidate(i);
      waiting = [];
      await c.setLocalDescription(await c.createAnswer());
      if (pc === c) send({ type: CALL.Answer, callId, sdp: c.localDescription!.sdp });
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
    /** The next camera (phones: front and back), swapped into the call without renegotiating. */
    async switchCamera(): Promise<void> {
      const old = track('video');
      const m = local.peek();
      if (!old || !m) return;
      const all = (await win.navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
      const at = all.findIndex((d) => d.deviceId === old.getSettings().deviceId);
      const next = all[(at + 1) % all.length];
      if (!next || next.deviceId === old.getSettings().deviceId) return;
      const fresh = (await win.navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: next.deviceId } } })).getVideoTracks()[0];
      if (!fresh) return;
      fresh.enabled = old.enabled;
      await pc
        ?.getSenders()
        .find((s) => s.track === old)
        ?.replaceTrack(fresh);
      m.removeTrack(old);
      m.addTrack(fresh);
      old.stop();
      local.value = new MediaStream(m.getTracks());
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
      cameras.value = 0;
    },
  };
}
export type CallMedia = ReturnType<typeof createCallMedia>;
