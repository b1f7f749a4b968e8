/**
 * A short two-note chime made with WebAudio, so the console ships no audio file. Needs an
 * AudioContext that a user gesture has unlocked (browsers refuse sound before one).
 */
export function playChime(ctx: BaseAudioContext, at = ctx.currentTime): void {
  const gain = ctx.createGain();
  gain.connect(ctx.destination);
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.45);
  [880, 1318.5].forEach((freq, i) => {
    const osc = ctx.createOscillator();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(freq, at + i * 0.12);
    osc.connect(gain);
    osc.start(at + i * 0.12);
    osc.stop(at + 0.45);
  });
}
