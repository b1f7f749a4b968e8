import { describe, expect, it } from 'vitest';
import { createInProcessBus } from './bus';

describe('in-process bus', () => {
  it('delivers to the subscribers of a topic, survives a throwing handler, and unsubscribes', () => {
    const errors: unknown[] = [];
    const bus = createInProcessBus((e) => errors.push(e));
    const got: unknown[] = [];
    const off = bus.subscribe('t', (m) => got.push(m));
    bus.subscribe('t', () => {
      throw new Error('boom');
    });
    bus.subscribe('other', () => got.push('wrong'));
    bus.publish('t', 1);
    off();
    bus.publish('t', 2);
    bus.publish('nobody', 3);
    expect(got).toEqual([1]);
    expect(errors).toHaveLength(2);
  });
});
