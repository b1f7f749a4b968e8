import type { VisitorEvent } from '@parley/protocol';
import { formatClock } from '../lib/format';
import { useApp, useT } from './context';

/** What the site recorded about the visitor (`parley('event', name, props)`), in the flow by time. */
export function VisitorEventItem({ event: e }: { event: VisitorEvent }) {
  const { i18n } = useApp();
  const t = useT();
  const props = Object.entries(e.props);
  return (
    <p class="event event-visitor" data-visitor-event={e.name}>
      <span>{t('event.visitor', { name: e.name })}</span>
      {props.length > 0 && <span class="event-props">{props.map(([k, v]) => `${k}: ${v === null ? '—' : String(v)}`).join(' · ')}</span>}{' '}
      <time dateTime={new Date(e.at).toISOString()}>{formatClock(e.at, i18n.locale.value)}</time>
    </p>
  );
}
