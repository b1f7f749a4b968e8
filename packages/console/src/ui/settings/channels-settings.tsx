import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { LOCALES, type ChannelsResponse, type ExternalChannel, type Locale, type TelegramSettings, type WhatsAppSettings } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { useAction } from '../use-action';
import { CopyButton } from '../copy-button';

const NEW_TELEGRAM: TelegramSettings = {
  enabled: true,
  token: '',
  webhookSecret: '',
  mode: 'webhook',
  defaultLocale: 'ru',
  verifyPhone: false,
  phoneLookupUrl: null,
};
const NEW_WHATSAPP: WhatsAppSettings = { enabled: true, token: '', phoneNumberId: '', appSecret: '', verifyToken: '', defaultLocale: 'ru' };

/** A secret the browser makes for the webhook (the platform echoes it back). */
function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Telegram bot and WhatsApp Business number of the project: settings, webhook URL, "test connection". */
export function ChannelsSettings() {
  const ws = useWorkspace();
  const t = useT();
  const data = useSignal<ChannelsResponse | null>(null);
  const { error, run } = useAction();
  useEffect(() => {
    void run(async () => {
      data.value = await ws.api.channels();
    });
  }, []);
  if (!data.value)
    return (
      <section>
        <h3>{t('settings.channels')}</h3>
        {error.value ? (
          <p class="error" role="alert">
            {error.value}
          </p>
        ) : (
          <p class="empty" role="status">
            {t('app.loading')}
          </p>
        )}
      </section>
    );
  const d = data.value;
  return (
    <section>
      <h3>{t('settings.channels')}</h3>
      <p class="muted">{t('channels.hint')}</p>
      <TelegramForm
        initial={d.telegram ?? { ...NEW_TELEGRAM, webhookSecret: randomSecret() }}
        webhook={d.webhooks.telegram}
        status={d.status.telegram}
        bound={d.telegram !== null}
        onSaved={(r) => {
          data.value = r;
        }}
      />
      <WhatsAppForm
        initial={d.whatsapp ?? { ...NEW_WHATSAPP, verifyToken: randomSecret() }}
        webhook={d.webhooks.whatsapp}
        status={d.status.whatsapp}
        bound={d.whatsapp !== null}
        onSaved={(r) => {
          data.value = r;
        }}
      />
    </section>
  );
}

interface FormProps<S> {
  initial: S;
  webhook: string;
  status: ChannelsResponse['status']['telegram'];
  bound: boolean;
  onSaved(r: ChannelsResponse): void;
}

function Status({ status }: { status: FormProps<unknown>['status'] }) {
  const t = useT();
  if (status.pending === 0 && !status.lastError) return null;
  return (
    <p class="muted small" role="status">
      {t('channels.pending', { n: status.pending, error: status.lastError ?? '—' })}
    </p>
  );
}

function TestButton({ kind, bound }: { kind: ExternalChannel; bound: boolean }) {
  const ws = useWorkspace();
  const t = useT();
  const result = useSignal<{ ok: boolean; detail: string } | null>(null);
  const { busy, error, run } = useAction();
  return (
    <>
      <button
        type="button"
        class="btn"
        disabled={!bound || busy.value}
        onClick={() =>
          void run(async () => {
            result.value = await ws.api.testChannel(kind);
          })
        }
      >
        {t('channels.test')}
      </button>
      {result.value && (
        <p class={result.value.ok ? 'ok' : 'error'} role="status" data-test-result={result.value.ok ? 'ok' : 'failed'}>
          {t(result.value.ok ? 'channels.testOk' : 'channels.testFailed', { detail: result.value.detail })}
        </p>
      )}
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
    </>
  );
}

/** A language picker (channel default language, a dialog's messenger language). */
export function LocaleField({ label, value, onChange }: { label: string; value: Locale; onChange(l: Locale): void }) {
  return (
    <label class="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A channel's settings being edited: the draft, and the save/unbind/test requests. */
function useChannelDraft<S extends object>(initial: S) {
  const s = useSignal<S>(initial);
  const saved = useSignal(false);
  const action = useAction();
  const set = (patch: Partial<S>) => {
    s.value = { ...s.value, ...patch };
    saved.value = false;
  };
  return { s, saved, set, ...action };
}

type Draft = Pick<ReturnType<typeof useAction>, 'busy' | 'error' | 'run'> & { saved: { value: boolean } };

/** Webhook URL, outbound status, save / test / unbind, and what came of them. */
function ChannelFooter({
  kind,
  webhook,
  status,
  bound,
  draft,
  onRemove,
}: {
  kind: ExternalChannel;
  webhook: string;
  status: FormProps<unknown>['status'];
  bound: boolean;
  draft: Draft;
  onRemove(): Promise<void>;
}) {
  const t = useT();
  return (
    <>
      <p class="small">
        <span class="muted">{t('channels.webhookUrl')}</span> <code class="selectable">{webhook}</code>{' '}
        <CopyButton text={webhook} label={t('channels.copyWebhook')} />
      </p>
      <Status status={status} />
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={draft.busy.value}>
          {t('channels.save')}
        </button>
        <TestButton kind={kind} bound={bound} />
        {bound && (
          <button type="button" class="btn danger" onClick={() => void draft.run(onRemove)}>
            {t('channels.remove')}
          </button>
        )}
      </div>
      {draft.saved.value && (
        <p class="ok" role="status">
          {t('channels.saved')}
        </p>
      )}
      {draft.error.value && (
        <p class="error" role="alert">
          {draft.error.value}
        </p>
      )}
    </>
  );
}

function TelegramForm({ initial, webhook, status, bound, onSaved }: FormProps<TelegramSettings>) {
  const ws = useWorkspace();
  const t = useT();
  const draft = useChannelDraft<TelegramSettings>(initial);
  const { s, saved, set, run } = draft;
  const v = s.value;
  return (
    <form
      class="form card"
      aria-label={t('channel.telegram')}
      data-channel-form="telegram"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          onSaved(await ws.api.saveTelegram(s.value));
          saved.value = true;
        });
      }}
    >
      <h4>{t('channel.telegram')}</h4>
      <label class="check">
        <input type="checkbox" checked={v.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} /> {t('channels.enabled')}
      </label>
      <label class="field">
        <span>{t('channels.token')}</span>
        <input type="password" autoComplete="off" required value={v.token} onInput={(e) => set({ token: e.currentTarget.value })} />
      </label>
      <label class="field">
        <span>{t('channels.webhookSecret')}</span>
        <input type="text" autoComplete="off" required minLength={16} value={v.webhookSecret} onInput={(e) => set({ webhookSecret: e.currentTarget.value })} />
      </label>
      <label class="field">
        <span>{t('channels.mode')}</span>
        <select value={v.mode} onChange={(e) => set({ mode: e.currentTarget.value as TelegramSettings['mode'] })}>
          <option value="webhook">{t('channels.mode.webhook')}</option>
          <option value="polling">{t('channels.mode.polling')}</option>
        </select>
      </label>
      <LocaleField label={t('channels.defaultLocale')} value={v.defaultLocale} onChange={(l) => set({ defaultLocale: l })} />
      <label class="check">
        <input type="checkbox" checked={v.verifyPhone} onChange={(e) => set({ verifyPhone: e.currentTarget.checked })} /> {t('channels.verifyPhone')}
      </label>
      <label class="field">
        <span>{t('channels.lookupUrl')}</span>
        <input type="url" value={v.phoneLookupUrl ?? ''} onInput={(e) => set({ phoneLookupUrl: e.currentTarget.value.trim() || null })} />
      </label>
      <ChannelFooter
        kind="telegram"
        webhook={webhook}
        status={status}
        bound={bound}
        draft={draft}
        onRemove={async () => onSaved(await ws.api.removeTelegram())}
      />
    </form>
  );
}

function WhatsAppForm({ initial, webhook, status, bound, onSaved }: FormProps<WhatsAppSettings>) {
  const ws = useWorkspace();
  const t = useT();
  const draft = useChannelDraft<WhatsAppSettings>(initial);
  const { s, saved, set, run } = draft;
  const v = s.value;
  const text = (key: 'token' | 'phoneNumberId' | 'appSecret' | 'verifyToken', label: string, secret = false) => (
    <label class="field">
      <span>{label}</span>
      <input type={secret ? 'password' : 'text'} autoComplete="off" required value={v[key]} onInput={(e) => set({ [key]: e.currentTarget.value })} />
    </label>
  );
  return (
    <form
      class="form card"
      aria-label={t('channel.whatsapp')}
      data-channel-form="whatsapp"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          onSaved(await ws.api.saveWhatsApp(s.value));
          saved.value = true;
        });
      }}
    >
      <h4>{t('channel.whatsapp')}</h4>
      <label class="check">
        <input type="checkbox" checked={v.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} /> {t('channels.enabled')}
      </label>
      {text('token', t('channels.waToken'), true)}
      {text('phoneNumberId', t('channels.phoneNumberId'))}
      {text('appSecret', t('channels.appSecret'), true)}
      {text('verifyToken', t('channels.verifyToken'))}
      <LocaleField label={t('channels.defaultLocale')} value={v.defaultLocale} onChange={(l) => set({ defaultLocale: l })} />
      <ChannelFooter
        kind="whatsapp"
        webhook={webhook}
        status={status}
        bound={bound}
        draft={draft}
        onRemove={async () => onSaved(await ws.api.removeWhatsApp())}
      />
    </form>
  );
}
