import { describe, expect, it } from 'vitest';
import type { ProjectSummary } from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';
import { createProjects } from './projects';

const p = (id: string, unread = 0): ProjectSummary => ({ id, name: id.toUpperCase(), role: 'admin', unread, createdAt: 1 });

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

describe('projects', () => {
  it("shows the remembered project when it is still one of the operator's, else the first", async () => {
    let list = [p('shop-a'), p('shop-b')];
    const api = { projects: async () => list, deleteProject: async () => undefined } as unknown as OperatorApi;
    const storage = memoryStorage();
    const a = createProjects(api, storage);
    await a.load();
    expect(a.current.value).toBe('shop-a');
    a.select('shop-b');
    a.select('not-mine');
    expect(a.current.value).toBe('shop-b');

    // Another page load on this browser: the choice is remembered.
    const b = createProjects(api, storage);
    expect(b.current.value).toBe('shop-b');
    await b.load();
    expect(b.current.value).toBe('shop-b');

    // Removed from it (or deleted): back to the first one; none left: none.
    list = [p('shop-a')];
    await b.load();
    expect(b.current.value).toBe('shop-a');
    await b.remove('shop-a');
    expect(b.current.value).toBeNull();
  });

  it("keeps each project's unread count as project.unread frames arrive", async () => {
    const api = { projects: async () => [p('one', 2), p('two')] } as unknown as OperatorApi;
    const s = createProjects(api, null);
    await s.load();
    s.unread('two', 5);
    expect(s.list.value.map((x) => [x.id, x.unread])).toEqual([
      ['one', 2],
      ['two', 5],
    ]);
  });
});
