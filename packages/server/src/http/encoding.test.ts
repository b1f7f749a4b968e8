import { describe, expect, it } from 'vitest';
import { acceptedEncodings } from './encoding';

describe('acceptedEncodings', () => {
  it('lists brotli, then gzip, as accepted; q=0 refuses', () => {
    expect(acceptedEncodings('gzip, deflate, br')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('br;q=0, gzip;q=0.5')).toEqual(['gzip']);
    expect(acceptedEncodings('identity')).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
    expect(acceptedEncodings(['gzip', 'br'])).toEqual(['br', 'gzip']);
  });
});
