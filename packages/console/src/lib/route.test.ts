import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, formatRoute, parseRoute, type Route } from './route';

describe('routes', () => {
  it('round-trips every kind of route', () => {
    const routes: Route[] = [
      { name: 'inbox', view: 'new', dialogId: null },
      { name: 'inbox', view: 'resolved', dialogId: 'dlg_A-1' },
      { name: 'leads' },
      { name: 'profile' },
      { name: 'settings', section: 'identity' },
      { name: 'settings', section: 'projects' },
      { name: 'setup', token: 'T'.repeat(32) },
      { name: 'reset', token: 'abc_DEF-123'.repeat(3) },
    ];
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r);
  });
  it('falls back to the default on unknown or malformed hashes', () => {
    expect(parseRoute('')).toEqual(DEFAULT_ROUTE);
    expect(parseRoute('#/nope')).toEqual(DEFAULT_ROUTE);
    expect(parseRoute('#/inbox/everything')).toEqual(DEFAULT_ROUTE);
    expect(parseRoute('#/inbox/mine/%E0%A4%A')).toEqual({ name: 'inbox', view: 'mine', dialogId: null });
    expect(parseRoute('#/inbox/mine/<script>')).toEqual({ name: 'inbox', view: 'mine', dialogId: null });
    expect(parseRoute('#/settings/unknown')).toEqual({ name: 'settings', section: 'operators' });
    expect(parseRoute('#/reset/short')).toEqual(DEFAULT_ROUTE);
    expect(parseRoute('#/setup/<script>alert(1)</script>xxxxxxxxxxxx')).toEqual(DEFAULT_ROUTE);
  });
});
