/**
 * Cross-node fan-out. Socket hubs publish and subscribe through this interface only: in one
 * process (`createInProcessBus`) or across nodes through Redis (`bus-redis.ts`, REDIS_URL).
 * Topics carry the type of their messages (`Topic<M>`, made in realtime/topics.ts from its one
 * `TopicMap`), so publishers and subscribers agree without casts. Messages must be plain JSON
 * values (they cross a network).
 */
declare const message: unique symbol;
/** A topic name that knows the type of its messages. */
export type Topic<M> = string & { readonly [message]?: M };

/** Names a topic whose messages are `M`. */
export const topic = <M>(name: string): Topic<M> => name;

export interface SubscribeOptions {
  /**
   * Only messages published on this node: for work that exactly one node must do per message
   * (the node whose write caused it), such as handing operator replies to a messenger.
   */
  local?: boolean;
}

export interface Bus {
  /** `local`: to this node's subscribers only (each node computes that message itself). */
  publish<M>(topic: Topic<M>, msg: NoInfer<M>, opts?: { local?: boolean }): void;
  /**
   * Might anyone (on any node) receive messages of this topic? Lets a publisher skip building a
   * message nobody reads; an implementation that cannot know answers true.
   */
  heard?(topic: Topic<unknown>): boolean;
  /** Returns the unsubscribe function. */
  subscribe<M>(topic: Topic<M>, fn: (msg: M) => void, opts?: SubscribeOptions): () => void;
  /**
   * Called after the link to other nodes came back (Redis reconnected): what they published
   * meanwhile was lost to this node, so subscribers re-read what they show from the database.
   */
  onResync?(fn: () => void): () => void;
  close(): Promise<void>;
}

type Handler = (msg: unknown) => void;

/** Handlers per topic on this node, for both buses. */
export class LocalTopics {
  private readonly topics = new Map<string, Set<Handler>>();
  constructor(private readonly onError: (err: unknown) => void) {}

  has(topic: string): boolean {
    return this.topics.has(topic);
  }

  /** True when this was the topic's first handler. */
  add(topic: string, fn: Handler): boolean {
    let set = this.topics.get(topic);
    const first = !set;
    if (!set) {
      set = new Set();
      this.topics.set(topic, set);
    }
    set.add(fn);
    return first;
  }

  /** True when the topic has no handler left. */
  remove(topic: string, fn: Handler): boolean {
    const s = this.topics.get(topic);
    if (!s) return false;
    s.delete(fn);
    if (s.size > 0) return false;
    this.topics.delete(topic);
    return true;
  }

  deliver(topic: string, msg: unknown): void {
    const set = this.topics.get(topic);
    if (!set) return;
    // Copy: a handler may unsubscribe (or subscribe others) while we iterate.
    for (const fn of [...set]) {
      try {
        fn(msg);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  names(): string[] {
    return [...this.topics.keys()];
  }

  clear(): void {
    this.topics.clear();
  }
}

export function createInProcessBus(onError: (err: unknown) => void = () => {}): Bus {
  const local = new LocalTopics(onError);
  return {
    heard: (topic) => local.has(topic),
    publish: (topic, msg) => local.deliver(topic, msg),
    subscribe(topic, fn) {
      const h = fn as Handler;
      local.add(topic, h);
      return () => {
        local.remove(topic, h);
      };
    },
    async close() {
      local.clear();
    },
  };
}
