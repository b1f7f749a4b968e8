import { describe, expect, it } from 'vitest';
import { keys, memoryStorage } from '../core/storage';
import { claimDevice } from './device-users';

describe('claimDevice', () => {
  it('keeps the verified user and the anonymous data, and forgets every other signed-in user of the project', async () => {
    const s = memoryStorage();
    for (const who of ['u:alice', 'u:bob', 'anon']) {
      await s.set(keys.token('demo', who), `t-${who}`);
      await s.set(keys.outbox('demo', who), []);
      await s.set(keys.history('demo', who), {});
    }
    await s.set(keys.token('other', 'u:alice'), 't-other');
    await claimDevice(s, 'demo', 'u:alice');
    await claimDevice(s, 'demo', 'u:bob');
    expect(await s.get(keys.token('demo', 'u:alice'))).toBeUndefined();
    expect(await s.get(keys.outbox('demo', 'u:alice'))).toBeUndefined();
    expect(await s.get(keys.history('demo', 'u:alice'))).toBeUndefined();
    expect(await s.get(keys.token('demo', 'u:bob'))).toBe('t-u:bob');
    expect(await s.get(keys.token('demo', 'anon'))).toBe('t-anon');
    expect(await s.get(keys.token('other', 'u:alice'))).toBe('t-other');
  });
});
