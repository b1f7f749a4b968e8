/**
 * Cross-node fan-out. Socket hubs publish and subscribe through this interface only, so a
 * Redis implementation can replace the in-process one without touching them. Messages must be
 * plain JSON values (they will cross a network).
 */
export type BusHandler = (msg: unknown) => void;

export interface Bus {
  publish(topic: string, msg: unknown): void;
  /**
   * Might anyone (on any node) receive messages of this topic? Lets a publisher skip building a
   * message nobody reads; an implementation that cannot know answers true.
   */
  heard?(topic: string): boolean;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, fn: BusHandler): () => void;
  close(): Promise<void>;
}

export function createInProcessBus(onError: (err: unknown) => void = () => {}): Bus {
  const topics = new Map<string, Set<BusHandler>>();
  return {
    heard(topic) {
      return topics.has(topic);
    },
    publish(topic, msg) {
      const set = topics.get(topic);
      if (!set) return;
      // Copy: a handler may unsubscribe (or subscribe others) while we iterate.
      for (const fn of [...set]) {
        try {
          fn(msg);
        } catch (err) {
          onError(err);
        }
      }
    },
    subscribe(topic, fn) {
      let set = topics.get(topic);
      if (!set) {
        set = new Set();
        topics.set(topic, set);
      }
      set.add(fn);
      return () => {
        const s = topics.get(topic);
        if (!s) return;
        s.delete(fn);
        if (s.size === 0) topics.delete(topic);
      };
    },
    async close() {
      topics.clear();
    },
  };
}
