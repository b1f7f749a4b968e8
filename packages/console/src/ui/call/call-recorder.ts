/**
 * Records a call on the operator's side once both parties agreed: the two sides' audio mixed
 * into one track (Web Audio), and in a video call both videos side by side on one canvas (what
 * meeting tools record: the visitor left, the operator right), with MediaRecorder into WebM. The file is uploaded through the usual operator upload (the server checks the consent).
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
  let draw: number | undefined;
  const els: HTMLVideoElement[] = [];

  /** One video track of both cameras: each side's <video> drawn into its half of a canvas, 15 times a second. */
  const composite = (left: MediaStreamTrack | undefined, right: MediaStreamTrack | undefined): MediaStreamTrack | undefined => {
    const doc = win.document;
    const canvas = doc.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 480;
    const g = canvas.getContext('2d');
    if (!g || typeof canvas.captureStream !== 'function') return left;
    const sides = [left, right].map((t) => {
      if (!t) return null;
      const el = doc.createElement('video');
      el.muted = true;
      el.playsInline = true;
      el.srcObject = new win.MediaStream([t]);
      void el.play().catch(() => undefined);
      els.push(el);
      return el;
    });
    const paint = () => {
      g.fillStyle = '#000';
      g.fillRect(0, 0, canvas.width, canvas.height);
      sides.forEach((el, i) => {
        if (!el || el.videoWidth === 0) return;
        // Fit each picture into its half, keeping its shape.
        const k = Math.min(640 / el.videoWidth, 480 / el.videoHeight);
        const w = el.videoWidth * k;
        const h = el.videoHeight * k;
        g.drawImage(el, i * 640 + (640 - w) / 2, (480 - h) / 2, w, h);
      });
    };
    paint();
    draw = win.setInterval(paint, 1000 / 15);
    return canvas.captureStream(15).getVideoTracks()[0];
  };

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
      const both = remoteVideo ? composite(remoteVideo, local?.getVideoTracks()[0]) : undefined;
      if (both) tracks.push(both);
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
          win.clearInterval(draw);
          draw = undefined;
          for (const el of els.splice(0)) el.srcObject = null;
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
