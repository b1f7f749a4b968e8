import { useRef, useState } from 'preact/hooks';
import { isPlausiblePhone } from '@parley/protocol';
import { newClientId, type CallbackFields, type CallbackResult } from '../callback';
import type { Translate } from '../i18n';
import type { PanelTextId } from './texts';

type Status = { s: 'editing' } | { s: 'invalid' } | { s: 'sending' } | { s: 'done' } | { s: 'failed'; message?: string };

interface Props {
  t: Translate<PanelTextId>;
  submit(fields: CallbackFields, clientId: string): Promise<CallbackResult>;
}

/** Phone and preferred time (and an optional name); the server stores it for operators. */
export function CallbackForm({ t, submit }: Props) {
  const [status, setStatus] = useState<Status>({ s: 'editing' });
  // One id per request: a retry after a failure is the same request to the server.
  const clientId = useRef(newClientId());
  const phone = useRef<HTMLInputElement>(null);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (status.s === 'sending') return;
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const value = (k: string) => {
      const v = data.get(k);
      return typeof v === 'string' ? v.trim() : '';
    };
    if (!isPlausiblePhone(value('phone'))) {
      setStatus({ s: 'invalid' });
      phone.current?.focus();
      return;
    }
    setStatus({ s: 'sending' });
    const result = await submit(
      { phone: value('phone'), name: value('name') || undefined, preferredTime: value('time') || t('multiwidget.callback.asap') },
      clientId.current,
    );
    if (result.ok) {
      setStatus({ s: 'done' });
      clientId.current = newClientId();
    } else if (result.reason === 'invalid') {
      setStatus({ s: 'invalid' });
      phone.current?.focus();
    } else {
      setStatus({ s: 'failed', ...(result.message ? { message: result.message } : {}) });
    }
  };

  if (status.s === 'done') {
    return (
      <p class="done" role="status" tabIndex={-1} data-autofocus>
        {t('multiwidget.callback.done')}
      </p>
    );
  }
  const invalid = status.s === 'invalid';
  return (
    <form class="form" onSubmit={onSubmit} noValidate>
      <label class="field">
        <span>{t('multiwidget.callback.phone')}</span>
        <input
          ref={phone}
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          required
          maxLength={32}
          data-autofocus
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'pm-phone-error' : undefined}
        />
      </label>
      {invalid && (
        <p id="pm-phone-error" class="error" role="alert">
          {t('multiwidget.callback.invalidPhone')}
        </p>
      )}
      <label class="field">
        <span>{t('multiwidget.callback.time')}</span>
        <input name="time" type="time" />
      </label>
      <label class="field">
        <span>{t('multiwidget.callback.name')}</span>
        <input name="name" type="text" autoComplete="name" maxLength={200} />
      </label>
      {status.s === 'failed' && (
        <p class="error" role="alert">
          {status.message || t('multiwidget.callback.failed')}
        </p>
      )}
      <button class="submit" type="submit" disabled={status.s === 'sending'}>
        {status.s === 'sending' ? t('multiwidget.callback.sending') : t('multiwidget.callback.submit')}
      </button>
    </form>
  );
}
