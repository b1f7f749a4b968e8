import { describe, expect, it } from 'vitest';
import { signedFileUrl, verifyFileUrl } from './urls';

const KEY = 'url-key';
const NOW = 1_800_000_000_000;
const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('party-bound file links', () => {
  it('name the visitor they were issued to', () => {
    const url = signedFileUrl(KEY, 'file1', 'visitorA', NOW);
    expect(url.startsWith('/api/v1/files/file1?')).toBe(true);
    expect(verifyFileUrl(KEY, 'file1', query(url), NOW)).toBe('visitorA');
  });
  it('are useless for another file, another party, another key, or after expiry', () => {
    const q = query(signedFileUrl(KEY, 'file1', 'visitorA', NOW));
    expect(verifyFileUrl(KEY, 'file2', q, NOW)).toBeNull();
    expect(verifyFileUrl(KEY, 'file1', { ...q, p: 'visitorB' }, NOW)).toBeNull();
    expect(verifyFileUrl('other', 'file1', q, NOW)).toBeNull();
    expect(verifyFileUrl(KEY, 'file1', { ...q, e: String(Number(q.e) + 86400) }, NOW)).toBeNull();
    expect(verifyFileUrl(KEY, 'file1', q, NOW + 9 * 86_400_000)).toBeNull();
    expect(verifyFileUrl(KEY, 'file1', {}, NOW)).toBeNull();
  });
  it('stay the same within a day (cacheable)', () => {
    expect(signedFileUrl(KEY, 'f', 'v', NOW)).toBe(signedFileUrl(KEY, 'f', 'v', NOW + 1000));
  });
});
