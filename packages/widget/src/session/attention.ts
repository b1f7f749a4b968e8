/**
 * Getting the visitor's attention for a new message: a short chime (Web Audio, no file to load)
 * and, in a hidden tab, a blinking title that stops as soon as the tab is visible again.
 */
export interface Attention {
  chime(): void;
  blink(text: string): void;
  destroy(): void;
}

export function createAttention(win: Window & typeof globalThis, doc: Document): Attention {
  let audio: AudioContext | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  let original = '';
  let shown = '';

  const stopBlink = () => {
    if (timer === undefined) return;
    win.clearInterval(timer);
    timer = undefined;
    // Leave a title the page changed meanwhile alone.
    if (doc.title === shown) doc.title = original;
  };
  const onVisible = () => {
    if (doc.visibilityState === 'visible') stopBlink();
  };
  doc.addEventListener('visibilitychange', onVisible);

  return {
    chime() {
      try {
        const Ctx = win.AudioContext ?? (win as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
        if (!Ctx) return;
        const ac = (audio ??= new Ctx());
        // Without a past user gesture the context stays suspended and the chime is skipped.
        if (ac.state === 'suspended') void ac.resume().catch(() => undefined);
        const t = ac.currentTime;
        const osc = ac.createOscillator();
        const gain = ac.createGain();
        osc.frequency.setValueAtTime(880, t);
        osc.frequency.setValueAtTime(660, t + 0.12);
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.35);
        osc.connect(gain).connect(ac.destination);
        osc.start(t);
        osc.stop(t + 0.36);
      } catch {
        // audio is a nicety
      }
    },
    blink(text) {
      if (doc.visibilityState === 'visible') return;
      stopBlink();
      original = doc.title;
      shown = text;
      timer = win.setInterval(() => {
        if (doc.title !== shown && doc.title !== original) original = doc.title;
        doc.title = doc.title === shown ? original : shown;
      }, 1000);
      doc.title = shown;
    },
    destroy() {
      stopBlink();
      doc.removeEventListener('visibilitychange', onVisible);
      void audio?.close().catch(() => undefined);
      audio = null;
    },
  };
}
