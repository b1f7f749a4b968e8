import { describe, expect, it } from 'vitest';
import { createTypingEmitter, TYPING_IDLE_MS, TYPING_REPEAT_MS } from './typing-emitter';

function harness() {
  let now = 0;
  let timers: { id: number; at: number; fn: () => void }[] = [];
  let next = 1;
  const sent: boolean[] = [];
  const emitter = createTypingEmitter({
    send: (t) => sent.push(t),
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ id: next, at: now + ms, fn });
      return next++;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  });
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers = timers.filter((x) => x !== t);
      t.fn();
    }
  };
  return { emitter, sent, advance };
}

describe('typing emitter', () => {
  it('announces once, repeats at most every few seconds, and stops after quiet', () => {
    const h = harness();
    h.emitter.input('h');
    h.advance(1000);
    h.emitter.input('he');
    expect(h.sent).toEqual([true]);
    h.advance(TYPING_REPEAT_MS);
    h.emitter.input('hel');
    expect(h.sent).toEqual([true, true]);
    h.advance(TYPING_IDLE_MS);
    expect(h.sent).toEqual([true, true, false]);
  });
  it('stops at once on send or when the text is cleared, and only once', () => {
    const h = harness();
    h.emitter.input('x');
    h.emitter.stop();
    h.emitter.stop();
    h.emitter.input('');
    expect(h.sent).toEqual([true, false]);
    h.advance(TYPING_IDLE_MS * 2);
    expect(h.sent).toEqual([true, false]);
  });
});
