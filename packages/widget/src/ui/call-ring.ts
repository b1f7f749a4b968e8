/**
 * The ring of an incoming call (call chunk only): two short tones every two seconds, made with
 * Web Audio (no file), until the call is answered, declined or over. Browsers keep the context
 * suspended without a past gesture on the page: then it stays silent and the card still shows.
 */
export function createRing(win: Window & typeof globalThis) {
  let ac: AudioContext | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  const tone = () => {
    try {
      const Ctx = win.AudioContext ?? (win as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctx) return;
      const a = (ac ??= new Ctx());
      if (a.state === 'suspended') void a.resume().catch(() => undefined);
      const t = a.currentTime;
      const gain = a.createGain();
      gain.connect(a.destination);
      for (const at of [t, t + 0.4]) {
        const osc = a.createOscillator();
        osc.frequency.setValueAtTime(440, at);
        osc.frequency.setValueAtTime(480, at + 0.15);
        osc.connect(gain);
        gain.gain.setValueAtTime(0.12, at);
        gain.gain.setValueAtTime(0.0001, at + 0.3);
        osc.start(at);
        osc.stop(at + 0.3);
      }
    } catch {
      // sound is a nicety
    }
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  return {
    start() {
      if (timer !== undefined) return;
      tone();
      timer = setInterval(tone, 2000);
    },
    stop,
    destroy() {
      stop();
      void ac?.close().catch(() => undefined);
      ac = null;
    },
  };
}
