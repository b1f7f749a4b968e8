import { Fragment } from 'preact';
import { safeUrl } from '@parley/protocol';
import type { DialogModel } from '../state/dialog-model';
import { useT } from './context';
import { DeviceList } from './device-list';
import { PageList } from './page-list';
import { PreviousDialogs } from './previous-dialogs';
import { CopyButton } from './copy-button';
import { VisitorCard } from './visitor-card';
import { VisitorData } from './visitor-data';
import { DialogChannels } from './dialog-channels';
import { VisitorJourney } from './visitor-journey';

/** Who the visitor is and where they come from. Every value here is visitor-controlled: text only. */
export function InfoPanel({ model }: { model: DialogModel }) {
  const t = useT();
  const d = model.detail.value;
  if (!d) return null;
  const verified = d.visitor.kind === 'verified';
  const params = Object.entries(d.customParams);
  const rating = d.dialog.rating;
  const ref = d.referrer ? safeUrl(d.referrer) : null;
  return (
    <aside class="info" id="visitor-info" aria-label={t('info.label')}>
      <VisitorCard model={model} />
      <DialogChannels model={model} />

      {params.length > 0 && (
        <section class="info-section">
          <h3>{t('info.params')}</h3>
          <dl class="kv">
            {params.map(([k, val]) => (
              <Fragment key={k}>
                <dt>{k}</dt>
                <dd class="selectable">{val}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
      )}

      <section class="info-section">
        <h3>{t('info.pages')}</h3>
        <PageList pages={d.pages} />
        <dl class="kv">
          <dt>{t('info.referrer')}</dt>
          <dd class="selectable">
            {d.referrer ? (
              ref ? (
                <a href={ref} target="_blank" rel="noopener noreferrer nofollow">
                  {d.referrer}
                </a>
              ) : (
                d.referrer
              )
            ) : (
              '—'
            )}
          </dd>
          <dt>{t('info.ip')}</dt>
          <dd>
            <span class="selectable">{d.ip ?? '—'}</span>
            {d.ip && <CopyButton text={d.ip} label={t('info.copyIp')} />}
          </dd>
        </dl>
      </section>

      {d.journey && <VisitorJourney journey={d.journey} />}

      <section class="info-section">
        <h3>{t('info.devices')}</h3>
        <DeviceList devices={d.devices} />
      </section>

      <section class="info-section">
        <h3>{t('info.rating')}</h3>
        {rating ? (
          <div class="rating">
            <p aria-label={t('rating.label', { score: rating.score })}>
              <span aria-hidden="true">
                {'★'.repeat(rating.score)}
                {'☆'.repeat(5 - rating.score)}
              </span>
            </p>
            {rating.comment && <p class="rating-comment">{rating.comment}</p>}
          </div>
        ) : (
          <p class="empty small">{t('info.noRating')}</p>
        )}
      </section>

      {verified && (
        <section class="info-section">
          <h3>{t('info.previous')}</h3>
          <PreviousDialogs dialogs={d.previousDialogs} />
        </section>
      )}

      <VisitorData model={model} />
    </aside>
  );
}
