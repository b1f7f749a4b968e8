import { Fragment } from 'preact';
import { safeUrl, type DialogDetail } from '@parley/protocol';
import { formatClock, formatDateTime } from '../lib/format';
import { useApp, useT } from './context';

type Journey = NonNullable<DialogDetail['journey']>;

function Link({ url }: { url: string }) {
  const href = safeUrl(url);
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {url}
    </a>
  ) : (
    <span>{url}</span>
  );
}

/** Where the visitor came from and what they read before writing. Visitor-controlled values: text and safe links only. */
export function VisitorJourney({ journey: j }: { journey: Journey }) {
  const { i18n } = useApp();
  const t = useT();
  const utm = Object.entries(j.utm);
  return (
    <section class="info-section" aria-label={t('journey.title')}>
      <h3>{t('journey.title')}</h3>
      <dl class="kv">
        <dt>{t('journey.visits')}</dt>
        <dd>{j.visits}</dd>
        {j.firstSeenAt !== null && (
          <>
            <dt>{t('journey.firstSeen')}</dt>
            <dd>{formatDateTime(j.firstSeenAt, i18n.locale.value)}</dd>
          </>
        )}
        <dt>{t('journey.landing')}</dt>
        <dd class="selectable">{j.landingPage ? <Link url={j.landingPage} /> : '—'}</dd>
        <dt>{t('journey.referrer')}</dt>
        <dd class="selectable">{j.referrer ? <Link url={j.referrer} /> : t('journey.direct')}</dd>
        {utm.map(([k, val]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd class="selectable">{val}</dd>
          </Fragment>
        ))}
      </dl>
      {j.pagesBeforeFirstMessage.length > 0 && (
        <ol class="page-list" aria-label={t('journey.before')}>
          {j.pagesBeforeFirstMessage.map((p, i) => (
            <li key={i}>
              <time class="small muted" dateTime={new Date(p.at).toISOString()}>
                {formatClock(p.at, i18n.locale.value)}
              </time>{' '}
              {p.title?.trim() ? (
                <>
                  {p.title.trim()} <span class="small muted selectable">{p.url}</span>
                </>
              ) : (
                <span class="selectable">{p.url}</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
