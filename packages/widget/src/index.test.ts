import { describe, expect, it } from 'vitest';
import { createWidget } from './index';

// Runs in Node: no window, no document, as in server rendering.
describe('createWidget without a DOM (server rendering)', () => {
  it('returns an inert instance instead of throwing', async () => {
    expect(typeof window).toBe('undefined');
    const chat = createWidget({ project: 'demo', server: 'https://chat.example.com' });
    await expect(chat.init()).resolves.toBeUndefined();
    await expect(chat.open()).resolves.toBeUndefined();
    await expect(chat.identify({ id: 'u1', signature: 'ab' })).resolves.toBeUndefined();
    const off = chat.on('unread', () => undefined);
    expect(typeof off).toBe('function');
    off();
    chat.setCustomParams({ plan: 'pro' });
    chat.close();
    chat.destroy();
  });
});
