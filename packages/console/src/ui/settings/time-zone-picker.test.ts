import { describe, expect, it } from 'vitest';
import { matchZones } from './time-zone-picker';

describe('matchZones', () => {
  const zones = ['Europe/Paris', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Asia/Kathmandu'];
  it('finds zones by any words of their id, in any case', () => {
    expect(matchZones('paris', zones)).toEqual(['Europe/Paris']);
    expect(matchZones('new york', zones)).toEqual(['America/New_York']);
    expect(matchZones('america/', zones)).toEqual(['America/New_York', 'America/Argentina/Buenos_Aires']);
    expect(matchZones('', zones)).toEqual(zones);
    expect(matchZones('atlantis', zones)).toEqual([]);
  });
  it('lists the IANA zones of the runtime', () => {
    expect(matchZones('moscow')).toContain('Europe/Moscow');
  });
});
