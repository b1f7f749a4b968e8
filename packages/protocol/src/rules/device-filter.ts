/**
 * Device filter: on which kinds of device the widget appears.
 *
 * - An empty or missing list means every device (the owner has not restricted anything).
 * - 'app' (the widget inside a native app's WebView) is filtered as 'mobile': apps run on phones
 *   far more often than anywhere else, and the owner's choices offer no separate "app" box.
 * - Unknown device values (a newer client, a forged frame) pass only when the list is empty:
 *   a restriction the owner set is never widened by input we do not understand.
 */
import * as v from 'valibot';

export const DEVICE_TYPES = ['desktop', 'tablet', 'mobile'] as const;
export type FilterDeviceType = (typeof DEVICE_TYPES)[number];

export const DeviceFilterSchema = v.pipe(v.array(v.picklist(DEVICE_TYPES)), v.maxLength(3));

export function deviceAllowed(allowed: readonly FilterDeviceType[] | undefined, device: 'desktop' | 'tablet' | 'mobile' | 'app'): boolean {
  if (!Array.isArray(allowed) || allowed.length === 0) return true;
  const kind: string = device === 'app' ? 'mobile' : device;
  return allowed.includes(kind);
}
