import { deviceIcon, type DeviceRecord } from '@parley/protocol';
import { DeviceGlyph } from './icons/device-glyph';

/**
 * The icon of the device a visitor message came from; hovering or focusing it shows the browser
 * and version ("Opera 112.0.0.0", "Mobile Safari 17.6.1"), and the app version for native apps.
 */
export function DeviceBadge({ device }: { device: DeviceRecord }) {
  const icon = deviceIcon(device.info);
  const label = device.appLabel && device.appLabel !== device.label ? `${device.label} · ${device.appLabel}` : device.label;
  return (
    <span class="device" tabIndex={0} role="img" aria-label={label} data-device-icon={icon}>
      <DeviceGlyph icon={icon} />
      <span class="tip" role="tooltip">
        {label}
      </span>
    </span>
  );
}
