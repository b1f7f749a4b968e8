import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Stats } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { useAction } from '../use-action';
import { StatisticsChart } from './statistics-chart';
import { statsCsv } from './statistics-csv';

type Period = '7d' | '30d' | 'year' | 'custom';
const DAY = 86_400_000;

function dayInput(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** "1 min 30 s", "2 h 5 min": durations an operator reads at a glance. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** Statistics: owners and admins see the project (or one operator), operators their own dialogs. */
export function StatisticsScreen() {
  const ws = useWorkspace();
  const t = useT();
  const period = useSignal<Period>('7d');
  const custom = useSignal({ from: dayInput(Date.now() - 7 * DAY), to: dayInput(Date.now()) });
  const operatorId = useSignal('');
  const stats = useSignal<Stats | null>(null);
  const { busy, error, run } = useAction();
  const admin = ws.isAdmin.value;

  const range = (): { from: number; to: number } => {
    const now = Date.now();
    if (period.value === '7d') return { from: now - 7 * DAY, to: now };
    if (period.value === '30d') return { from: now - 30 * DAY, to: now };
    if (period.value === 'year') return { from: now - 365 * DAY, to: now };
    return { from: Date.parse(custom.value.from), to: Date.parse(custom.value.to) + DAY };
  };
  const load = () =>
    run(async () => {
      const r = range();
      stats.value = await ws.api.stats({ from: String(r.from), to: String(r.to), ...(operatorId.value ? { operatorId: operatorId.value } : {}) });
    });
  useEffect(() => {
    if (admin && !ws.operators.loaded.peek()) void ws.operators.load().catch(() => undefined);
  }, [admin]);
  useEffect(() => {
    void load();
  }, [period.value, operatorId.value]);

  const s = stats.value;
  const download = () => {
    if (!s) return;
    const url = URL.createObjectURL(new Blob([statsCsv(s)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `parley-statistics-${dayInput(s.from)}-${dayInput(s.to - 1)}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section class="statistics" aria-labelledby="stats-title">
      <header class="stats-head">
        <h2 id="stats-title">{t('stats.title')}</h2>
        <div class="row" role="group" aria-label={t('stats.period')}>
          {(['7d', '30d', 'year', 'custom'] as const).map((p) => (
            <button
              key={p}
              type="button"
              class="btn small"
              aria-pressed={period.value === p}
              onClick={() => {
                period.value = p;
              }}
            >
              {t(`stats.period.${p}` as const)}
            </button>
          ))}
        </div>
        {period.value === 'custom' && (
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              void load();
            }}
          >
            <label class="field inline">
              <span>{t('stats.from')}</span>
              <input
                type="date"
                value={custom.value.from}
                onInput={(e) => {
                  custom.value = { ...custom.value, from: e.currentTarget.value };
                }}
              />
            </label>
            <label class="field inline">
              <span>{t('stats.to')}</span>
              <input
                type="date"
                value={custom.value.to}
                onInput={(e) => {
                  custom.value = { ...custom.value, to: e.currentTarget.value };
                }}
              />
            </label>
            <button type="submit" class="btn small">
              {t('stats.apply')}
            </button>
          </form>
        )}
        {admin && (
          <label class="field inline">
            <span>{t('stats.operator')}</span>
            <select
              value={operatorId.value}
              onChange={(e) => {
                operatorId.value = e.currentTarget.value;
              }}
            >
              <option value="">{t('stats.everyone')}</option>
              {ws.operators.list.value.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" class="btn small" disabled={!s} onClick={download}>
          {t('stats.csv')}
        </button>
      </header>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {!s && busy.value && (
        <p class="empty" role="status">
          {t('app.loading')}
        </p>
      )}
      {s && (
        <>
          <dl class="stats-figures">
            <Figure label={t('stats.started')} value={String(s.started)} />
            <Figure label={t('stats.closed')} value={String(s.closed)} />
            <Figure label={t('stats.missed')} value={String(s.missed)} />
            <Figure label={t('stats.rating')} value={s.rating.average === null ? '—' : `${s.rating.average} (${s.rating.count})`} />
            <Figure label={t('stats.firstResponse')} value={`${duration(s.firstResponse.median)} · p90 ${duration(s.firstResponse.p90)}`} />
            <Figure label={t('stats.resolution')} value={`${duration(s.resolution.median)} · p90 ${duration(s.resolution.p90)}`} />
          </dl>
          <StatisticsChart
            title={t('stats.perDay')}
            time
            x={s.days.map((d) => Date.parse(`${d.day}T12:00:00Z`) / 1000)}
            series={[
              { label: t('stats.started'), values: s.days.map((d) => d.started), color: '#2563eb' },
              { label: t('stats.closed'), values: s.days.map((d) => d.closed), color: '#16a34a' },
              { label: t('stats.missed'), values: s.days.map((d) => d.missed), color: '#dc2626' },
            ]}
          />
          <StatisticsChart
            title={t('stats.hours', { zone: s.timeZone })}
            time={false}
            bars
            x={s.hours.map((_, h) => h)}
            series={[{ label: t('stats.started'), values: s.hours, color: '#7c3aed' }]}
          />
          <div class="stats-columns">
            <table class="table" aria-label={t('stats.ratingDistribution')}>
              <caption>{t('stats.ratingDistribution')}</caption>
              <tbody>
                {s.rating.distribution.map((n, i) => (
                  <tr key={i}>
                    <th scope="row">{'★'.repeat(i + 1)}</th>
                    <td>{n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <List title={t('stats.topTags')} items={s.topTags.map((x) => [x.tag, x.count])} empty={t('stats.none')} />
            <List title={t('stats.topWords')} items={s.topWords.map((x) => [x.word, x.count])} empty={t('stats.none')} />
          </div>
          <table class="table" aria-label={t('stats.perOperator')}>
            <caption>{t('stats.perOperator')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.operator')}</th>
                <th scope="col">{t('stats.dialogs')}</th>
                <th scope="col">{t('stats.closed')}</th>
                <th scope="col">{t('stats.missed')}</th>
                <th scope="col">{t('stats.rating')}</th>
                <th scope="col">{t('stats.firstResponseAvg')}</th>
              </tr>
            </thead>
            <tbody>
              {s.operators.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.name}</th>
                  <td>{o.dialogs}</td>
                  <td>{o.closed}</td>
                  <td>{o.missed}</td>
                  <td>{o.ratingAverage ?? '—'}</td>
                  <td>{duration(o.firstResponseAverage)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div class="stats-figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function List({ title, items, empty }: { title: string; items: [string, number][]; empty: string }) {
  return (
    <div class="stats-list">
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ol aria-label={title}>
          {items.map(([k, n]) => (
            <li key={k}>
              <span>{k}</span> <span class="muted">{n}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
