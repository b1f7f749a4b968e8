import { dayLabel, formatDate } from '../lib/format';
import { useApp, useT } from './context';

export function DayDivider({ at }: { at: number }) {
  const { i18n } = useApp();
  const t = useT();
  const kind = dayLabel(at, Date.now());
  const text = kind === 'today' ? t('day.today') : kind === 'yesterday' ? t('day.yesterday') : formatDate(at, i18n.locale.value);
  return (
    <div class="day" role="separator" aria-label={text}>
      <span aria-hidden="true">{text}</span>
    </div>
  );
}
