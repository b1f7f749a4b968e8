/** @jsxRuntime classic */
/** @jsx _h */
/** @jsxFrag _F */
import { h as _h, Fragment as _F } from 'preact';
import { REQUEST_STATUSES, VisitorRequestRoutes, requestLabel, type Message, type RequestStatus, type VisitorRequest } from '@parley/protocol';
import { signal } from '../core/signals';
import { checkRequest, checkRequests } from '../generated/validators-requests';
import { parse } from '../core/check';
import type { Props, RequestsView } from './store';
import { Icon } from './icon';
import { REQUESTS_CSS } from './requests-css';
import { statusKey } from './request-status';

/** A star of the rating (here and in rating.tsx: each its own chunk, none in the chat's). */
const STAR = 'M12 17.3 18.2 21l-1.6-7L22 9.2l-7.2-.6L12 2 9.2 8.6 2 9.2 7.5 14l-1.7 7z';

type Load<T> = { s: 'loading' } | { s: 'failed' } | { s: 'ok'; v: T };

/**
 * "My requests" (issue 19): a signed-in visitor's requests with number, date,
 * subject and status, filtered by status and date; one opens to be read, continued (the current
 * one: back to the chat) or rated (a resolved one). The current request's status is the chat's
 * live one, so it changes on screen as operators act.
 */
export function createRequests(p: Props['p']): RequestsView {
  const { ctx, chat } = p;
  const list = signal<Load<VisitorRequest[]>>({ s: 'loading' });
  const detail = signal<{ r: VisitorRequest; messages: Message[] } | null>(null);
  const filter = signal<{ status: RequestStatus | ''; from: string; to: string }>({ status: '', from: '', to: '' });
  const rated = signal<Readonly<Record<string, number>>>({});
  const failed = signal(false);
  let loadedFor = '';
  if (!p.ui.sheets.has(REQUESTS_CSS)) p.ui.sheets.set(REQUESTS_CSS, ctx.host.adopt(REQUESTS_CSS));

  const load = () => {
    const f = filter.value;
    const q = new URLSearchParams();
    if (f.status) q.set('status', f.status);
    // Dates are the visitor's local days: from the start of `from` to the end of `to`.
    if (f.from) q.set('from', String(new Date(`${f.from}T00:00`).getTime()));
    if (f.to) q.set('to', String(new Date(`${f.to}T00:00`).getTime() + 86_400_000));
    const qs = q.toString();
    list.value = { s: 'loading' };
    loadedFor = chat.view.value.dialog?.id ?? '';
    void p.get(VisitorRequestRoutes.list + (qs ? `?${qs}` : '')).then((body) => {
      const r = body === null ? null : parse(checkRequests, body);
      list.value = r?.ok ? { s: 'ok', v: r.value.requests } : { s: 'failed' };
    });
  };
  const open = (id: string) =>
    void p.get(VisitorRequestRoutes.one(id)).then((body) => {
      const r = body === null ? null : parse(checkRequest, body);
      if (r?.ok) detail.value = { r: r.value.request, messages: r.value.messages };
    });
  /**
   * Continues an older request: the server makes it the current one (reopened if it was
   * resolved) and the socket follows it, so the chat shows it with its history.
   */
  const resume = (id: string) => {
    failed.value = false;
    void p.post(VisitorRequestRoutes.continue(id), {}).then((ok) => {
      if (ok) p.ui.requests.value = null;
      else failed.value = true;
    });
  };
  load();

  /** The current request's status is the chat's (live); the others are as loaded. */
  const live = (r: VisitorRequest): VisitorRequest => {
    const d = chat.view.value.dialog;
    return d && d.id === r.id && d.request ? { ...r, status: d.request } : r;
  };

  function Row({ r }: { r: VisitorRequest }) {
    const t = ctx.state.t.value;
    const x = live(r);
    return (
      <li>
        <button type="button" class="rqi" data-id={x.id} data-status={x.status} onClick={() => open(x.id)}>
          <span class="rqn">{requestLabel(x.number)}</span>
          <span class="rqd">{new Intl.DateTimeFormat(ctx.state.locale.value, { dateStyle: 'medium' }).format(x.createdAt)}</span>
          <span class="rqs">{x.subject || '…'}</span>
          <span class="rqt">{t(statusKey(x.status))}</span>
        </button>
      </li>
    );
  }

  function Detail({ r, messages }: { r: VisitorRequest; messages: Message[] }) {
    const t = ctx.state.t.value;
    const x = live(r);
    const score = rated.value[x.id] ?? x.rating?.score ?? 0;
    const canRate = x.status === 'resolved' && !!ctx.state.config.value?.rating.enabled;
    return (
      <div class="rqv">
        <p class="rqh">
          {t('request.label', { n: requestLabel(x.number) })} · <span data-status={x.status}>{t(statusKey(x.status))}</span>
        </p>
        <ol class="rqm">
          {messages.map((m) => (
            <li key={m.id} class={m.author.kind === 'visitor' ? 'v' : 'o'}>
              <b>{m.author.kind === 'visitor' ? t('chat.you') : (m.author.name ?? t('chat.operator'))}</b> {m.deletedAt ? t('chat.deleted') : m.text}
            </li>
          ))}
        </ol>
        <button type="button" class="btn" onClick={() => (x.current ? (p.ui.requests.value = null) : resume(x.id))}>
          {t('requests.continue')}
        </button>
        {failed.value && <p role="alert">{t('requests.continueFailed')}</p>}
        {canRate && (
          <fieldset class="stars">
            <legend>{t('requests.rate')}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <button
                key={n}
                type="button"
                class={n <= score ? 'ib on' : 'ib'}
                aria-label={t('rating.star', { n })}
                disabled={score > 0}
                onClick={() => {
                  rated.value = { ...rated.value, [x.id]: n };
                  void chat.submitRating(n, undefined, x.id);
                }}
              >
                <Icon d={STAR} />
              </button>
            ))}
          </fieldset>
        )}
      </div>
    );
  }

  function View() {
    const t = ctx.state.t.value;
    const d = detail.value;
    const l = list.value;
    const f = filter.value;
    // A request started since the list was loaded: load it again.
    if (!d && l.s === 'ok' && (chat.view.value.dialog?.id ?? '') !== loadedFor) load();
    const set = (patch: Partial<typeof f>) => {
      filter.value = { ...f, ...patch };
      load();
    };
    return (
      <section class="rqw" aria-labelledby="parley-rq">
        <div class="row rqb">
          <button type="button" class="lnk" onClick={() => (d ? (detail.value = null) : (p.ui.requests.value = null))}>
            {t('requests.back')}
          </button>
          <h3 id="parley-rq">{t('requests.title')}</h3>
          {!d && (
            <button
              type="button"
              class="btn"
              onClick={() => {
                p.ui.requests.value = null;
                p.ui.newRequest.value = true;
              }}
            >
              {t('requests.new')}
            </button>
          )}
        </div>
        {d ? (
          <Detail r={d.r} messages={d.messages} />
        ) : (
          <>
            <div class="row rqf">
              <select aria-label={t('requests.title')} value={f.status} onChange={(e) => set({ status: e.currentTarget.value as RequestStatus | '' })}>
                <option value="">{t('requests.all')}</option>
                {REQUEST_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(statusKey(s))}
                  </option>
                ))}
              </select>
              <input type="date" aria-label={t('requests.from')} value={f.from} onChange={(e) => set({ from: e.currentTarget.value })} />
              <input type="date" aria-label={t('requests.to')} value={f.to} onChange={(e) => set({ to: e.currentTarget.value })} />
            </div>
            {l.s === 'loading' && <p role="status">{t('requests.loading')}</p>}
            {l.s === 'failed' && <p role="alert">{t('requests.failed')}</p>}
            {l.s === 'ok' &&
              (l.v.length === 0 ? (
                <p>{t('requests.empty')}</p>
              ) : (
                <ul class="rql">
                  {l.v.map((r) => (
                    <Row key={r.id} r={r} />
                  ))}
                </ul>
              ))}
          </>
        )}
      </section>
    );
  }

  return { View };
}
