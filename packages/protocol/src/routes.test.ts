import { describe, expect, it } from 'vitest';
import { API_PREFIX } from './routes';
import { HelpRoutes } from './help';
import { VisitorRequestRoutes } from './visitor-requests';

describe('routes kept outside routes.ts', () => {
  it('use the same API prefix', () => {
    expect(HelpRoutes.operator.startsWith(`${API_PREFIX}/`)).toBe(true);
    expect(HelpRoutes.list('demo')).toBe(`${API_PREFIX}/help/demo/articles`);
    expect(VisitorRequestRoutes.list).toBe(`${API_PREFIX}/widget/requests`);
  });
});
