import { formatClock } from '../lib/format';
import { safeUrl, type PageVisit } from '@parley/protocol';
import { useApp, useT } from './context';

const SHOWN = 15;

/** Current page first, then the pages visited before; links only for http(s) URLs. */
export function PageList({ pages }: { pages: readonly PageVisit[] }) {
  const { i18n } = useApp();
  const t = useT();
  if (pages.length === 0) return <p class="empty small">—</p>;
  const [current, ...rest] = pages;
  const item = (p: PageVisit) => {
    const href = safeUrl(p.url);
    const label = p.title?.trim() || p.url;
    return (
      <>
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer nofollow">
            {label}
          </a>
        ) : (
          <span>{label}</span>
        )}
        {p.title && <span class="small muted url">{p.url}</span>}
      </>
    );
  };
  return (
    <div class="pages">
      {current && (
        <p class="current-page">
          <span class="small muted">{t('info.currentPage')}</span>
          {item(current)}
        </p>
      )}
      {rest.length > 0 && (
        <ol class="page-list" aria-label={t('info.visited')}>
          {rest.slice(0, SHOWN).map((p, i) => (
            <li key={i}>
              <time class="small muted" dateTime={new Date(p.at).toISOString()}>
                {formatClock(p.at, i18n.locale.value)}
              </time>{' '}
              {item(p)}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
