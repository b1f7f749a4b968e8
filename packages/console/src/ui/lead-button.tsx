import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { DialogLead } from '@parley/protocol';
import { useT, useWorkspace } from './context';
import { useAction } from './use-action';

const RECHECK_MS = [1000, 3000, 10_000];

/**
 * "Create lead" (the product documents' CRM lead) and the state of the dialog's last lead: sent as
 * lead.created to the project's webhooks; the state follows its deliveries.
 */
export function LeadButton({ dialogId }: { dialogId: string }) {
  const ws = useWorkspace();
  const t = useT();
  const leads = useSignal<DialogLead[]>([]);
  const { busy, error, run } = useAction();
  useEffect(() => {
    let alive = true;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const load = () =>
      ws.api.dialogLeads(dialogId).then(
        (l) => {
          if (alive) leads.value = l;
        },
        () => undefined,
      );
    void load();
    // While a lead is on its way, look again a few times (deliveries are sent in the background).
    const stop = leads.subscribe((l) => {
      if (l[l.length - 1]?.state !== 'pending') return;
      for (const ms of RECHECK_MS) timers.push(setTimeout(() => void load(), ms));
    });
    return () => {
      alive = false;
      stop();
      for (const x of timers) clearTimeout(x);
    };
  }, [dialogId]);
  const last = leads.value[leads.value.length - 1];
  return (
    <span class="lead-action">
      <button
        type="button"
        class="btn"
        disabled={busy.value}
        onClick={() =>
          run(async () => {
            const lead = await ws.api.createLead(dialogId);
            leads.value = [...leads.value, lead];
          })
        }
      >
        {t('lead.create')}
      </button>
      {last && (
        <span class={`lead-state lead-${last.state}`} role="status">
          {t(`lead.state.${last.state}` as const)}
        </span>
      )}
      {error.value && (
        <span class="error small" role="alert">
          {error.value}
        </span>
      )}
    </span>
  );
}
