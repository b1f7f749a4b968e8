import { describe, expect, it } from 'vitest';
import { hintKeys, readHint, writeHint } from './hint';

const fakeWin = (store: Map<string, string> | null) =>
  ({
    get localStorage() {
      if (!store) throw new DOMException('denied', 'SecurityError');
      return {
        getItem: (k: string) => store.get(k) ?? null,
        setItem: (k: string, v: string) => void store.set(k, v),
        removeItem: (k: string) => void store.delete(k),
      };
    },
  }) as unknown as Window;

describe('loader hints in localStorage', () => {
  it('writes, reads and removes a value per project', () => {
    const store = new Map<string, string>();
    const win = fakeWin(store);
    writeHint(win, hintKeys.resume('demo'), { u: 2, o: true });
    expect(readHint(win, hintKeys.resume('demo'))).toEqual({ u: 2, o: true });
    expect(readHint(win, hintKeys.resume('other'))).toBeUndefined();
    writeHint(win, hintKeys.resume('demo'));
    expect(store.size).toBe(0);
  });

  it('reads refused or broken storage as nothing, and never throws', () => {
    const refused = fakeWin(null);
    expect(() => writeHint(refused, hintKeys.events('demo'), [1])).not.toThrow();
    expect(readHint(refused, hintKeys.events('demo'))).toBeUndefined();
    const broken = fakeWin(new Map([[hintKeys.events('demo'), '{not json']]));
    expect(readHint(broken, hintKeys.events('demo'))).toBeUndefined();
  });
});
