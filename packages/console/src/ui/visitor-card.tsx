import { useSignal } from '@preact/signals';
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH, type DialogDetail } from '@parley/protocol';
import { formatClock, formatDateTime, visitorName } from '../lib/format';
import type { DialogModel } from '../state/dialog-model';
import { useApp, useT, useWorkspace } from './context';
import { useAction } from './use-action';

function countryName(code: string | null, locale: string): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Where the visitor is (from the server's local GeoIP database) and the time there now. */
function Location({ v }: { v: DialogDetail['visitor'] }) {
  const { i18n } = useApp();
  const t = useT();
  const loc = v.location;
  if (!loc)
    return (
      <>
        <dt>{t('info.location')}</dt>
        <dd>—</dd>
      </>
    );
  const place = [loc.city?.replace(/\s*\(.*\)\s*$/, ''), countryName(loc.countryCode, i18n.locale.value)].filter(Boolean).join(', ');
  return (
    <>
      <dt>{t('info.location')}</dt>
      <dd class="location">
        {place || '—'}{' '}
        <a class="attribution" href="https://db-ip.com" target="_blank" rel="noopener noreferrer">
          {t('info.geoBy')}
        </a>
      </dd>
      {loc.timeZone && (
        <>
          <dt>{t('info.localTime')}</dt>
          <dd>
            {formatClock(Date.now(), i18n.locale.value, { timeZone: loc.timeZone })} <span class="muted small">({loc.timeZone})</span>
          </dd>
        </>
      )}
    </>
  );
}

/**
 * Who the visitor is, editable by operators as in the Smartsupp tutorial: name, email, phone,
 * and a note only operators read. "Block" refuses their messages with a neutral text.
 */
export function VisitorCard({ model }: { model: DialogModel }) {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const editing = useSignal(false);
  const confirmBlock = useSignal(false);
  const { busy, error, run } = useAction();
  const d = model.detail.value;
  const form = useSignal({ name: '', email: '', phone: '', note: '' });
  if (!d) return null;
  const v = d.visitor;
  const verified = v.kind === 'verified';
  const start = () => {
    form.value = { name: v.name ?? '', email: v.email ?? '', phone: v.phone ?? '', note: v.note ?? '' };
    editing.value = true;
  };
  const field = (k: 'name' | 'email' | 'phone', label: string, max: number, type = 'text') => (
    <label class="field">
      <span>{label}</span>
      <input
        type={type}
        maxLength={max}
        value={form.value[k]}
        onInput={(e) => {
          form.value = { ...form.value, [k]: e.currentTarget.value };
        }}
      />
    </label>
  );

  if (editing.value) {
    return (
      <section class="info-section">
        <h3>{t('info.identity')}</h3>
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const f = form.value;
              await model.updateVisitor({
                name: f.name.trim() || null,
                email: f.email.trim() || null,
                phone: f.phone.trim() || null,
                note: f.note.trim() || null,
              });
              editing.value = false;
            });
          }}
        >
          {field('name', t('info.name'), MAX_NAME_LENGTH)}
          {field('email', t('info.email'), MAX_EMAIL_LENGTH, 'email')}
          {field('phone', t('info.phone'), MAX_PHONE_LENGTH, 'tel')}
          <label class="field">
            <span>{t('info.note')}</span>
            <textarea
              rows={3}
              value={form.value.note}
              onInput={(e) => {
                form.value = { ...form.value, note: e.currentTarget.value };
              }}
            />
            <span class="muted small">{t('info.noteHint')}</span>
          </label>
          <div class="form-actions">
            <button type="submit" class="btn primary small" disabled={busy.value}>
              {t('action.save')}
            </button>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                editing.value = false;
              }}
            >
              {t('action.cancel')}
            </button>
          </div>
          {error.value && (
            <p class="error small" role="alert">
              {error.value}
            </p>
          )}
        </form>
      </section>
    );
  }
  return (
    <section class="info-section">
      <h3>{visitorName(v, i18n.locale.value)}</h3>
      <p class={`identity ${verified ? 'verified' : 'anonymous'}`}>
        {verified ? t('visitor.verified') : t('visitor.anonymousVisitor')}
        {v.blocked && (
          <>
            {' '}
            · <span class="badge blocked">{t('visitor.blocked')}</span>
          </>
        )}
      </p>
      <dl class="kv">
        {verified && v.userId && (
          <>
            <dt>{t('info.userId')}</dt>
            <dd class="selectable">{v.userId}</dd>
          </>
        )}
        <dt>{t('info.name')}</dt>
        <dd>{v.name ?? '—'}</dd>
        <dt>{t('info.email')}</dt>
        <dd class="selectable">{v.email ?? '—'}</dd>
        <dt>{t('info.phone')}</dt>
        <dd class="selectable">{v.phone ?? '—'}</dd>
        <Location v={v} />
        <dt>{t('info.firstSeen')}</dt>
        <dd>{formatDateTime(v.firstSeenAt, i18n.locale.value)}</dd>
        {v.consentAt !== null && (
          <>
            <dt>{t('info.consent')}</dt>
            <dd>{formatDateTime(v.consentAt, i18n.locale.value)}</dd>
          </>
        )}
      </dl>
      {v.note && (
        <p class="visitor-note">
          <span class="note-badge">{t('info.note')}:</span> {v.note}
        </p>
      )}
      <div class="form-actions">
        <button type="button" class="btn small" onClick={start}>
          {t('info.edit')}
        </button>
        {v.blocked ? (
          <button type="button" class="btn small" disabled={busy.value} onClick={() => void run(() => model.setBlocked(false))}>
            {t('info.unblock')}
          </button>
        ) : confirmBlock.value ? (
          <span class="msg-actions" role="group" aria-label={t('info.block')}>
            <span>{t('info.confirmBlock')}</span>
            <button
              type="button"
              class="btn small danger"
              disabled={busy.value}
              onClick={() =>
                void run(async () => {
                  await model.setBlocked(true);
                  confirmBlock.value = false;
                })
              }
            >
              {t('info.block')}
            </button>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                confirmBlock.value = false;
              }}
            >
              {t('action.cancel')}
            </button>
          </span>
        ) : (
          <button
            type="button"
            class="btn small danger"
            onClick={() => {
              confirmBlock.value = true;
            }}
          >
            {t('info.block')}
          </button>
        )}
      </div>
      {error.value && (
        <p class="error small" role="alert">
          {error.value}
        </p>
      )}
      {ws.isAdmin.value && v.blocked && <p class="muted small">{t('info.blockedListHint')}</p>}
    </section>
  );
}
