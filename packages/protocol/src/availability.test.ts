import { describe, it, expect } from 'vitest';
import { widgetMode } from './availability';

describe('widgetMode', () => {
  const base = { scheduleOpen: true, operatorsOnline: true, offlineFormEnabled: true, hasOpenDialog: false };
  it.each([
    [{}, 'chat'],
    [{ operatorsOnline: false }, 'offline-form'],
    [{ scheduleOpen: false }, 'offline-form'],
    [{ scheduleOpen: false, offlineFormEnabled: false }, 'hidden'],
    [{ operatorsOnline: false, offlineFormEnabled: false }, 'hidden'],
    [{ operatorsOnline: false, offlineFormEnabled: false, hasOpenDialog: true }, 'chat'],
    [{ scheduleOpen: false, hasOpenDialog: true }, 'chat'],
  ])('%j -> %s', (patch, mode) => expect(widgetMode({ ...base, ...patch })).toBe(mode));
});
