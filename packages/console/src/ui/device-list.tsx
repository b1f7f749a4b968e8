import { deviceIcon, type DeviceRecord } from '@parley/protocol';
import { formatDateTime } from '../lib/format';
import { useApp, useT } from './context';
import { DeviceGlyph } from './icons/device-glyph';
import { CopyButton } from './copy-button';

/** Every device the visitor used, with browser and app versions, selectable and copyable. */
export function DeviceList({ devices }: { devices: readonly DeviceRecord[] }) {
  const { i18n } = useApp();
  const t = useT();
  if (devices.length === 0) return <p class="empty small">—</p>;
  return (
    <ul class="devices">
      {devices.map((d) => {
        const line = [d.label, d.appLabel, d.info.os ? `${d.info.os.name}${d.info.os.version ? ` ${d.info.os.version}` : ''}` : null]
          .filter((x): x is string => !!x)
          .join(' · ');
        return (
          <li key={d.id} class="device-row" data-device-id={d.id}>
            <DeviceGlyph icon={deviceIcon(d.info)} />
            <div>
              <p class="selectable device-label">{d.label}</p>
              {d.appLabel && <p class="selectable device-app">{d.appLabel}</p>}
              {d.info.os && (
                <p class="selectable small">
                  {d.info.os.name} {d.info.os.version ?? ''}
                </p>
              )}
              {d.ip && (
                <p class="selectable small">
                  {t('info.ip')}: {d.ip}
                </p>
              )}
              <p class="small muted">{t('info.lastSeen', { at: formatDateTime(d.lastSeenAt, i18n.locale.value) })}</p>
              <CopyButton text={line} label={t('info.copyDevice', { device: d.label })} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
