import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { WEBHOOK_EVENTS, type WebhookEndpoint, type WebhookEventType } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { useAction } from '../use-action';
import { CopyButton } from '../copy-button';
import { WebhookDeliveries } from './webhook-deliveries';

/** Settings → Webhooks: endpoints with their events, secret and delivery log (admins). */
export function WebhooksSettings() {
  const ws = useWorkspace();
  const t = useT();
  const list = useSignal<WebhookEndpoint[] | null>(null);
  const { error, run } = useAction();
  const load = () =>
    run(async () => {
      list.value = (await ws.api.webhooks()).endpoints;
    });
  useEffect(() => {
    void load();
  }, []);
  return (
    <section>
      <h3>{t('settings.webhooks')}</h3>
      <p class="muted">{t('webhooks.hint')}</p>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {!list.value && !error.value && (
        <p class="empty" role="status">
          {t('app.loading')}
        </p>
      )}
      {list.value && list.value.length === 0 && <p class="muted">{t('webhooks.none')}</p>}
      {list.value?.map((ep) => (
        <EndpointCard
          key={ep.id}
          endpoint={ep}
          onChange={(next) => {
            list.value = next ? list.value!.map((x) => (x.id === ep.id ? next : x)) : list.value!.filter((x) => x.id !== ep.id);
          }}
        />
      ))}
      <NewEndpoint
        onAdded={(ep) => {
          list.value = [...(list.value ?? []), ep];
        }}
      />
    </section>
  );
}

function EventChecks({ value, onChange, name }: { value: WebhookEventType[]; onChange(v: WebhookEventType[]): void; name: string }) {
  const t = useT();
  return (
    <fieldset class="checks">
      <legend>{t('webhooks.events')}</legend>
      {WEBHOOK_EVENTS.map((e) => (
        <label key={e} class="check">
          <input
            type="checkbox"
            name={name}
            value={e}
            checked={value.includes(e)}
            onChange={(ev) => onChange(ev.currentTarget.checked ? [...value, e] : value.filter((x) => x !== e))}
          />
          <code>{e}</code>
        </label>
      ))}
    </fieldset>
  );
}

function NewEndpoint({ onAdded }: { onAdded(ep: WebhookEndpoint): void }) {
  const ws = useWorkspace();
  const t = useT();
  const url = useSignal('');
  const description = useSignal('');
  const events = useSignal<WebhookEventType[]>(['lead.created']);
  const urlError = useSignal<string | null>(null);
  const { busy, error, run } = useAction();
  return (
    <form
      class="form webhook-new"
      aria-label={t('webhooks.add')}
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          urlError.value = null;
          try {
            const ep = await ws.api.createWebhook({ url: url.value.trim(), description: description.value, events: events.value });
            onAdded(ep);
            url.value = '';
            description.value = '';
          } catch (err) {
            // The server's reason for a refused address is worth more than "bad request".
            if ((err as { fields?: readonly string[] }).fields?.includes('url')) urlError.value = t('webhooks.badUrl');
            else throw err;
          }
        });
      }}
    >
      <h4>{t('webhooks.add')}</h4>
      <label class="field">
        <span>{t('webhooks.url')}</span>
        <input
          type="url"
          required
          maxLength={2000}
          placeholder="https://crm.example.com/parley"
          value={url.value}
          onInput={(e) => {
            url.value = e.currentTarget.value;
          }}
        />
      </label>
      <label class="field">
        <span>{t('webhooks.description')}</span>
        <input
          type="text"
          maxLength={200}
          value={description.value}
          onInput={(e) => {
            description.value = e.currentTarget.value;
          }}
        />
      </label>
      <EventChecks
        name="new-events"
        value={events.value}
        onChange={(v) => {
          events.value = v;
        }}
      />
      {(urlError.value ?? error.value) && (
        <p class="error small" role="alert">
          {urlError.value ?? error.value}
        </p>
      )}
      <button type="submit" class="btn primary" disabled={busy.value || events.value.length === 0}>
        {t('webhooks.add')}
      </button>
    </form>
  );
}

function EndpointCard({ endpoint: ep, onChange }: { endpoint: WebhookEndpoint; onChange(next: WebhookEndpoint | null): void }) {
  const ws = useWorkspace();
  const t = useT();
  const showLog = useSignal(false);
  const reload = useSignal(0);
  const { busy, error, run } = useAction();
  const update = (patch: Parameters<typeof ws.api.updateWebhook>[1]) => run(async () => onChange(await ws.api.updateWebhook(ep.id, patch)));
  return (
    <article class="card webhook" aria-label={ep.url}>
      <header class="row">
        <strong class="webhook-url">{ep.url}</strong>
        {ep.description && <span class="muted"> · {ep.description}</span>}
        {ep.pending > 0 && <span class="badge delivery-pending"> {t('webhooks.pending', { n: ep.pending })}</span>}
      </header>
      <label class="check">
        <input type="checkbox" checked={ep.enabled} disabled={busy.value} onChange={(e) => void update({ enabled: e.currentTarget.checked })} />
        {t('webhooks.enabled')}
      </label>
      <EventChecks
        name={`events-${ep.id}`}
        value={ep.events}
        onChange={(events) => {
          if (events.length > 0) void update({ events });
        }}
      />
      <p class="webhook-secret">
        <span>{t('webhooks.secret')}: </span>
        <code>{ep.secret}</code> <CopyButton text={ep.secret} label={t('webhooks.copySecret')} />{' '}
        <button type="button" class="btn small" disabled={busy.value} onClick={() => void update({ rotateSecret: true })}>
          {t('webhooks.rotate')}
        </button>
      </p>
      <div class="row">
        <button
          type="button"
          class="btn small"
          disabled={busy.value}
          onClick={() =>
            run(async () => {
              await ws.api.testWebhook(ep.id);
              showLog.value = true;
              // The worker sends at once; give it a moment before the log is read again.
              await new Promise((r) => setTimeout(r, 800));
              reload.value++;
            })
          }
        >
          {t('webhooks.test')}
        </button>
        <button
          type="button"
          class="btn small"
          aria-expanded={showLog.value}
          onClick={() => {
            showLog.value = !showLog.value;
          }}
        >
          {showLog.value ? t('webhooks.hideLog') : t('webhooks.log')}
        </button>
        <button
          type="button"
          class="btn small danger"
          disabled={busy.value}
          onClick={() =>
            run(async () => {
              await ws.api.removeWebhook(ep.id);
              onChange(null);
            })
          }
        >
          {t('webhooks.remove')}
        </button>
      </div>
      {error.value && (
        <p class="error small" role="alert">
          {error.value}
        </p>
      )}
      {showLog.value && <WebhookDeliveries endpointId={ep.id} reload={reload.value} />}
    </article>
  );
}
