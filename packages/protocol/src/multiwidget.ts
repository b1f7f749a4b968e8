import * as v from 'valibot';
import { PageFilterSchema } from './rules/page-filter';
import { DeviceFilterSchema } from './rules/device-filter';

const line = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

/** Every way to reach a business the multiwidget can offer, in the seed's order. */
export const CHANNEL_KINDS = ['chat', 'callback', 'telegram', 'whatsapp', 'viber', 'vk', 'messenger', 'email', 'phone', 'link'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const ChannelSettingsSchema = v.object({
  kind: v.picklist(CHANNEL_KINDS),
  enabled: v.boolean(),
  /** Shown instead of the built-in label, per locale. */
  label: v.optional(v.object({ ru: v.optional(line(80)), en: v.optional(line(80)), fr: v.optional(line(80)) })),
  /**
   * Who to reach: Telegram/Viber/VK/Messenger username or bot, WhatsApp/phone number,
   * email address, or the URL of a custom link. Unused by chat and callback.
   */
  target: line(500),
  /** Pre-filled message (WhatsApp, Telegram share, email subject). */
  text: v.optional(line(500)),
  /** Add the visitor's dialog reference (`ref`/`start` parameter) so the talk can continue there. */
  passRef: v.optional(v.boolean(), false),
  /** On desktop show a QR code to scan with a phone instead of a link. */
  qrOnDesktop: v.optional(v.boolean(), false),
  pageFilter: v.optional(PageFilterSchema),
  devices: v.optional(DeviceFilterSchema),
  /** Only offer this channel within the project's working hours. */
  followSchedule: v.optional(v.boolean(), false),
});
export type ChannelSettings = v.InferOutput<typeof ChannelSettingsSchema>;

export const MultiwidgetSettingsSchema = v.object({
  enabled: v.boolean(),
  button: v.object({
    color: v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/)),
    position: v.picklist(['bottom-right', 'bottom-left']),
    offsetX: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(400)),
    offsetY: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(400)),
    pulse: v.boolean(),
    /** Call-to-action bubble beside the button; empty means none. */
    callToAction: v.object({ ru: v.optional(line(120)), en: v.optional(line(120)), fr: v.optional(line(120)) }),
    callToActionDelaySeconds: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(600)),
  }),
  channels: v.pipe(v.array(ChannelSettingsSchema), v.maxLength(20)),
});
export type MultiwidgetSettings = v.InferOutput<typeof MultiwidgetSettingsSchema>;
