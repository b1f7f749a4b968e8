import { describe, expect, it } from 'vitest';
import { avatarSizeOk } from './avatar-check';

describe('avatarSizeOk', () => {
  it('accepts squares from 200 to 1500 px', () => {
    expect(avatarSizeOk(200, 200)).toBe(true);
    expect(avatarSizeOk(1500, 1500)).toBe(true);
    expect(avatarSizeOk(199, 199)).toBe(false);
    expect(avatarSizeOk(1501, 1501)).toBe(false);
    expect(avatarSizeOk(400, 401)).toBe(false);
  });
});
