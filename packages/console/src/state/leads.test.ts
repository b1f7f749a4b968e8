import { describe, expect, it } from 'vitest';
import type { Lead } from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';
import { createLeads } from './leads';

function lead(id: string, createdAt: number, status: 'new' | 'done' = 'new'): Lead {
  return {
    id,
    kind: 'offline_form',
    status,
    name: id,
    phone: null,
    email: null,
    message: null,
    preferredTime: null,
    page: null,
    device: null,
    ip: null,
    createdAt,
  };
}

describe('leads', () => {
  it('keeps a lead that arrived live while the list was loading', async () => {
    let release: (v: unknown) => void = () => undefined;
    const gate = new Promise((r) => {
      release = r;
    });
    const api = {
      leads: async () => {
        await gate;
        return [lead('old', 1)];
      },
    } as unknown as OperatorApi;
    const leads = createLeads(api);
    const loading = leads.load();
    leads.arrived(lead('live', 2));
    release(null);
    await loading;
    expect(leads.list.value.map((l) => l.id)).toEqual(['live', 'old']);
    expect(leads.newCount.value).toBe(1);
  });

  it('moves a lead out of the "new" filter once done', async () => {
    const api = {
      leads: async () => [lead('a', 1)],
      updateLead: async (id: string, status: 'new' | 'done') => lead(id, 1, status),
    } as unknown as OperatorApi;
    const leads = createLeads(api);
    await leads.countNew();
    await leads.load();
    await leads.mark('a', 'done');
    expect(leads.list.value).toEqual([]);
    expect(leads.newCount.value).toBe(0);
  });
});
