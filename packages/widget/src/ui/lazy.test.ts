import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyChunk } from './lazy';

describe('lazyChunk', () => {
  afterEach(() => vi.restoreAllMocks());

  // The native retry (a query on the URL a browser's error names) is covered in Chromium: test/browser/widget-help.
  it('warns instead of rejecting when the chunk fails to load, and loads it on the next call', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const mod = { createHelp: () => 'help' };
    // A bundler's loader (no module URL in its error) retries by itself: the same import again.
    const load = vi.fn<() => Promise<typeof mod>>().mockRejectedValueOnce(new Error('Loading chunk 7 failed.')).mockResolvedValue(mod);
    const get = lazyChunk(load, 'the Help tab');
    await expect(get()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toBe('Parley: the Help tab could not load; try again');
    await expect(get()).resolves.toBe(mod);
    expect(load).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
