/**
 * Records a call on the operator's side once both parties agreed: the two sides' audio mixed
 * into one track (Web Audio), and in a video call the visitor's video, with MediaRecorder into
 * WebM. The file is uploaded through the usual operator upload (the server checks the consent).
 */
export interface CallRecorder {
  start(local: MediaStream | null, remote: MediaStream | null, video: boolean): boolean;
  /** Stops and gives the recording (null when nothing was recording or nothing was captured). */
  stop(): Promise<File | null>;
  readonly running: boolean;
}

export function createCallRecorder(win: Window & typeof globalThis): CallRecorder {
  let rec: MediaRecorder | null = null;
  let audio: AudioContext | null = null;
  let chunks: Blob[] = [];
  let type = '';

  return {
    get running() {
      return rec !== null;
    },
    start(local, remote, video) {
      if (rec || typeof win.MediaRecorder !== 'function') return false;
      audio = new win.AudioContext();
      const mix = audio.createMediaStreamDestination();
      for (const s of [local, remote]) if (s && s.getAudioTracks().length > 0) audio.createMediaStreamSource(s).connect(mix);
      const tracks = [...mix.stream.getAudioTracks()];
      const remoteVideo = video ? remote?.getVideoTracks()[0] : undefined;
      if (remoteVideo) tracks.push(remoteVideo);
      type = remoteVideo ? 'video/webm' : 'audio/webm';
      const codecs = remoteVideo ? `${type};codecs=vp8,opus` : `${type};codecs=opus`;
      chunks = [];
      const r = new win.MediaRecorder(new win.MediaStream(tracks), win.MediaRecorder.isTypeSupported(codecs) ? { mimeType: codecs } : {});
      r.ondataavailable = (e) => {
        if (e.data.size > 0) chunks.push(e.data);
      };
      r.start(1000);
      rec = r;
      return true;
    },
    stop() {
      const r = rec;
      rec = null;
      if (!r) return Promise.resolve(null);
      return new Promise<File | null>((resolve) => {
        r.onstop = () => {
          void audio?.close().catch(() => undefined);
          audio = null;
          const blob = new Blob(chunks, { type });
          chunks = [];
          const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
          resolve(blob.size > 0 ? new File([blob], `call-recording-${stamp}.webm`, { type }) : null);
        };
        if (r.state === 'inactive') r.onstop(new Event('stop'));
        else r.stop();
      });
    },
  };
}
