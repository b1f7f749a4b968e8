export interface TypingEmitterDeps {
  send(typing: boolean): void;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  now(): number;
}

/** Re-announce "typing" at most this often while keys keep coming. */
export const TYPING_REPEAT_MS = 3000;
/** Say "stopped" after this long without a key. */
export const TYPING_IDLE_MS = 5000;

/**
 * Turns keystrokes into throttled typing.update frames: true on the first key and then at most
 * every TYPING_REPEAT_MS, false after TYPING_IDLE_MS of quiet or when the message is sent.
 */
export function createTypingEmitter(deps: TypingEmitterDeps) {
  let lastSent = -Infinity;
  let typing = false;
  let idle: number | null = null;

  function stop(): void {
    if (idle !== null) deps.clearTimeout(idle);
    idle = null;
    if (typing) {
      typing = false;
      lastSent = -Infinity;
      deps.send(false);
    }
  }

  return {
    /** Call on each edit of the composer; empty text counts as stopping. */
    input(text: string): void {
      if (text.trim() === '') {
        stop();
        return;
      }
      const now = deps.now();
      if (!typing || now - lastSent >= TYPING_REPEAT_MS) {
        typing = true;
        lastSent = now;
        deps.send(true);
      }
      if (idle !== null) deps.clearTimeout(idle);
      idle = deps.setTimeout(stop, TYPING_IDLE_MS);
    },
    stop,
    destroy(): void {
      if (idle !== null) deps.clearTimeout(idle);
      idle = null;
    },
  };
}
export type TypingEmitter = ReturnType<typeof createTypingEmitter>;
