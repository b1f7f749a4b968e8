import { describe, expect, it } from 'vitest';
import { createInProcessBus, topic } from './bus';

describe('in-process bus', () => {
  it('delivers to the subscribers of a topic, survives a throwing handler, and unsubscribes', () => {
    const errors: unknown[] = [];
    const bus = createInProcessBus((e) => errors.push(e));
    const got: unknown[] = [];
    const off = bus.subscribe(topic<number>('t'), (m) => got.push(m));
    bus.subscribe(topic<number>('t'), () => {
      throw new Error('boom');
    });
    bus.subscribe(topic<number>('other'), () => got.push('wrong'));
    bus.publish(topic<number>('t'), 1);
    off();
    bus.publish(topic<number>('t'), 2);
    bus.publish(topic<number>('nobody'), 3);
    expect(got).toEqual([1]);
    expect(errors).toHaveLength(2);
  });
});
