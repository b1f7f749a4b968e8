import { computed, signal } from '@preact/signals';
import type { Lead, LeadKind } from '@parley/protocol';
import type { OperatorApi } from '../api/operator-api';

export interface LeadFilter {
  kind: LeadKind | '';
  status: 'new' | 'done' | '';
}

/** Offline form submissions and callback requests; new ones arrive live (lead.new). */
export function createLeads(api: OperatorApi) {
  const list = signal<Lead[]>([]);
  const filter = signal<LeadFilter>({ kind: '', status: 'new' });
  const loading = signal(false);
  /** New leads, for the navigation badge (counted from the last unfiltered load plus live ones). */
  const newIds = signal<ReadonlySet<string>>(new Set());
  const newCount = computed(() => newIds.value.size);

  let request = 0;
  let arrivedDuringLoad: Lead[] = [];

  function matches(l: Lead, f: LeadFilter): boolean {
    return (!f.kind || l.kind === f.kind) && (!f.status || l.status === f.status);
  }

  return {
    list,
    filter,
    loading,
    newCount,
    async load(): Promise<void> {
      loading.value = true;
      const mine = ++request;
      arrivedDuringLoad = [];
      try {
        const f = filter.value;
        const leads = await api.leads({ kind: f.kind || undefined, status: f.status || undefined });
        if (mine !== request) return;
        // Leads that arrived live while the request was on its way may be missing from its answer.
        const ids = new Set(leads.map((l) => l.id));
        const extra = arrivedDuringLoad.filter((l) => !ids.has(l.id) && matches(l, filter.value));
        list.value = [...extra, ...leads].sort((a, b) => b.createdAt - a.createdAt);
      } finally {
        if (mine === request) {
          loading.value = false;
          arrivedDuringLoad = [];
        }
      }
    },
    async countNew(): Promise<void> {
      const fresh = await api.leads({ status: 'new' });
      newIds.value = new Set(fresh.map((l) => l.id));
    },
    setFilter(f: LeadFilter): void {
      filter.value = f;
    },
    arrived(lead: Lead): void {
      if (loading.value) arrivedDuringLoad.push(lead);
      if (lead.status === 'new') newIds.value = new Set([...newIds.value, lead.id]);
      if (matches(lead, filter.value) && !list.value.some((l) => l.id === lead.id)) list.value = [lead, ...list.value];
    },
    async mark(id: string, status: 'new' | 'done'): Promise<void> {
      const lead = await api.updateLead(id, status);
      const next = new Set(newIds.value);
      if (lead.status === 'new') next.add(lead.id);
      else next.delete(lead.id);
      newIds.value = next;
      list.value = list.value.map((l) => (l.id === id ? lead : l)).filter((l) => matches(l, filter.value));
    },
  };
}
export type Leads = ReturnType<typeof createLeads>;
