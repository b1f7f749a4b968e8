import type { TimelineEvent } from '@parley/protocol';
import { formatClock } from '../lib/format';
import { useApp, useT } from './context';

/** Dialog events in the flow: opened, reopened, closed, assigned, rated. */
export function EventItem({ event: e }: { event: TimelineEvent }) {
  const { i18n } = useApp();
  const t = useT();
  let text: string;
  switch (e.kind) {
    case 'opened':
      text = t('event.opened');
      break;
    case 'reopened':
      text = t('event.reopened');
      break;
    case 'closed':
      text = e.closeStatus ? t('event.closedAs', { status: t(`close.${e.closeStatus}` as const) }) : t('event.closed');
      break;
    case 'assigned':
      text = e.operator ? t('event.assigned', { name: e.operator.name }) : t('event.unassigned');
      break;
    case 'rated':
      text = e.rating
        ? e.rating.comment
          ? t('event.ratedComment', { score: e.rating.score, comment: e.rating.comment })
          : t('event.rated', { score: e.rating.score })
        : t('event.rated', { score: '?' });
      break;
  }
  return (
    <p class={`event event-${e.kind}`}>
      <span>{text}</span> <time dateTime={new Date(e.at).toISOString()}>{formatClock(e.at, i18n.locale.value)}</time>
    </p>
  );
}
