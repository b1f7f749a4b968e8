import { describe, it, expect } from 'vitest';
import * as v from 'valibot';
import { DEVICE_TYPES, DeviceFilterSchema, deviceAllowed, type FilterDeviceType } from './device-filter';

type Device = 'desktop' | 'tablet' | 'mobile' | 'app';

describe('deviceAllowed', () => {
  it('allows every device when the list is empty or missing', () => {
    for (const d of ['desktop', 'tablet', 'mobile', 'app'] as const) {
      expect(deviceAllowed(undefined, d)).toBe(true);
      expect(deviceAllowed([], d)).toBe(true);
    }
  });

  const cases: [FilterDeviceType[], Device, boolean][] = [
    [['desktop'], 'desktop', true],
    [['desktop'], 'tablet', false],
    [['desktop'], 'mobile', false],
    [['desktop'], 'app', false],
    [['tablet'], 'tablet', true],
    [['tablet'], 'mobile', false],
    [['tablet'], 'app', false],
    [['mobile'], 'mobile', true],
    [['mobile'], 'app', true], // an app counts as mobile
    [['mobile'], 'desktop', false],
    [['mobile'], 'tablet', false],
    [['desktop', 'tablet'], 'app', false],
    [['desktop', 'tablet'], 'tablet', true],
    [['desktop', 'tablet', 'mobile'], 'app', true],
    [['desktop', 'tablet', 'mobile'], 'desktop', true],
  ];
  it.each(cases)('allowed %j, device %s => %s', (allowed, device, expected) => {
    expect(deviceAllowed(allowed, device)).toBe(expected);
  });

  it('never throws and does not widen a restriction for unknown input', () => {
    expect(deviceAllowed(['desktop'], 'watch' as unknown as Device)).toBe(false);
    expect(deviceAllowed([], 'watch' as unknown as Device)).toBe(true);
    expect(deviceAllowed(null as unknown as FilterDeviceType[], 'mobile')).toBe(true);
    expect(deviceAllowed('mobile' as unknown as FilterDeviceType[], 'desktop')).toBe(true);
  });
});

describe('DeviceFilterSchema', () => {
  it('exposes the filterable kinds', () => {
    expect(DEVICE_TYPES).toEqual(['desktop', 'tablet', 'mobile']);
  });
  it.each([[[]], [['desktop']], [['desktop', 'tablet', 'mobile']]])('accepts %j', (input) => {
    expect(v.safeParse(DeviceFilterSchema, input).success).toBe(true);
  });
  it.each([[['app']], [['phone']], [['desktop', 'desktop', 'tablet', 'mobile']], ['desktop'], [null]])('rejects %j', (input) => {
    expect(v.safeParse(DeviceFilterSchema, input).success).toBe(false);
  });
});
