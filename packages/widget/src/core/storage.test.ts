import { describe, expect, it } from 'vitest';
import { createStorage, memoryStorage } from './storage';

describe('memoryStorage', () => {
  it('stores copies, updates atomically and deletes', async () => {
    const s = memoryStorage();
    const value = { list: [1] };
    await s.set('k', value);
    value.list.push(2);
    expect(await s.get('k')).toEqual({ list: [1] });
    await s.update<number[]>('n', (old) => [...(old ?? []), 1]);
    await s.update<number[]>('n', (old) => [...(old ?? []), 2]);
    expect(await s.get('n')).toEqual([1, 2]);
    await s.del('n');
    expect(await s.get('n')).toBeUndefined();
  });
});

describe('createStorage', () => {
  it('falls back to memory when IndexedDB is missing', async () => {
    const s = createStorage(undefined);
    await s.set('a', 1);
    expect(await s.get('a')).toBe(1);
  });

  it('falls back to memory when IndexedDB throws', async () => {
    const broken = {
      open: () => {
        throw new Error('SecurityError');
      },
    } as unknown as IDBFactory;
    const original = globalThis.indexedDB;
    (globalThis as { indexedDB?: IDBFactory }).indexedDB = broken;
    try {
      const s = createStorage(broken);
      await s.set('a', 2);
      expect(await s.get('a')).toBe(2);
    } finally {
      (globalThis as { indexedDB?: IDBFactory }).indexedDB = original;
    }
  });
});
