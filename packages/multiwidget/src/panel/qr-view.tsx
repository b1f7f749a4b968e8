import type { ChannelKind } from '@parley/protocol';
import type { Translate } from '../i18n';
import { QrCode } from './qr-code';
import type { PanelTextId } from './texts';

interface Props {
  href: string;
  kind: ChannelKind;
  label: string;
  t: Translate<PanelTextId>;
}

/**
 * A phone-only channel on a desktop: a code to scan. Web links (wa.me, t.me…) also work on this
 * computer, so they keep a secondary link; an app-only link (viber://) would be dead here and gets none.
 */
export function QrView({ href, kind, label, t }: Props) {
  return (
    <div class="qr-view" data-channel={kind}>
      <QrCode text={href} label={label} />
      <p class="hint" tabIndex={-1} data-autofocus>
        {t('multiwidget.qr.hint')}
      </p>
      {/^https:/.test(href) && (
        <a class="open-here" href={href} target="_blank" rel="noopener noreferrer">
          {t('multiwidget.qr.openHere')}
        </a>
      )}
    </div>
  );
}
