import * as v from 'valibot';
import { CHANNELS, type Channel } from './device';
import { LOCALES, type Locale } from './locales';
import { IdentitySchema } from './identity';

/**
 * Messenger channels: platforms whose users write into Parley dialogs through a bot or business
 * account (the web widget is the channel `web`). Texts the platforms' users and operators read,
 * word for word from the SupHelper channels document in ru, with en and fr translations.
 */
export const EXTERNAL_CHANNELS = ['telegram', 'whatsapp'] as const satisfies readonly Channel[];
export type ExternalChannel = (typeof EXTERNAL_CHANNELS)[number];
export const ChannelSchema = v.picklist(CHANNELS);

export const CHANNEL_TEXT_IDS = [
  'phoneRequired',
  'phoneThanks',
  'phoneRefusedClient',
  'phoneRefusedOperator',
  'phoneManual',
  'phoneShared',
  'shareButton',
  'refuseButton',
  'cannotShow',
  'unsupportedFile',
  'systemHeading',
  'verifiedManually',
  'tooLarge',
] as const;
export type ChannelTextId = (typeof CHANNEL_TEXT_IDS)[number];

export const CHANNEL_TEXTS: Readonly<Record<Locale, Readonly<Record<ChannelTextId, string>>>> = {
  ru: {
    phoneRequired: 'Для продолжения консультации вы должны предоставить номер или отказаться от предоставления номера',
    phoneThanks: 'Спасибо за предоставленный номер. Теперь вы можете написать ваш запрос.',
    phoneRefusedClient: 'Вы отказались от предоставления номера, консультация будет продолжена как с неавторизованным пользователем',
    phoneRefusedOperator: 'Клиент отказался предоставить номер',
    phoneManual: 'Требуется ручная верификация номера',
    phoneShared: 'Клиент предоставил номер телефона: {phone} (код страны +{code})',
    shareButton: 'Предоставить номер',
    refuseButton: 'Отказаться',
    cannotShow: 'Текущее сообщение не может быть отображено. Вы можете ознакомиться с этим сообщением в другом канале связи',
    unsupportedFile: 'Данный тип файла не поддерживается. Ваше сообщение не доставлено',
    systemHeading: 'системное сообщение',
    verifiedManually: 'Номер верифицирован вручную: клиент {user}',
    tooLarge: 'Файл слишком большой. Ваше сообщение не доставлено',
  },
  en: {
    phoneRequired: 'To continue the consultation you must share your phone number or refuse to share it',
    phoneThanks: 'Thank you for sharing your number. You can now write your request.',
    phoneRefusedClient: 'You refused to share your number; the consultation will continue as with an unauthorised user',
    phoneRefusedOperator: 'The client refused to share their number',
    phoneManual: 'The number needs manual verification',
    phoneShared: 'The client shared their phone number: {phone} (country code +{code})',
    shareButton: 'Share number',
    refuseButton: 'Refuse',
    cannotShow: 'This message cannot be displayed here. You can read it in another channel',
    unsupportedFile: 'This file type is not supported. Your message was not delivered',
    systemHeading: 'system message',
    verifiedManually: 'Number verified manually: client {user}',
    tooLarge: 'The file is too large. Your message was not delivered',
  },
  fr: {
    phoneRequired: 'Pour poursuivre la consultation, vous devez partager votre numéro ou refuser de le partager',
    phoneThanks: 'Merci d’avoir partagé votre numéro. Vous pouvez maintenant écrire votre demande.',
    phoneRefusedClient: 'Vous avez refusé de partager votre numéro, la consultation se poursuivra comme avec un utilisateur non authentifié',
    phoneRefusedOperator: 'Le client a refusé de partager son numéro',
    phoneManual: 'Le numéro doit être vérifié manuellement',
    phoneShared: 'Le client a partagé son numéro de téléphone : {phone} (indicatif +{code})',
    shareButton: 'Partager le numéro',
    refuseButton: 'Refuser',
    cannotShow: 'Ce message ne peut pas être affiché ici. Vous pouvez le consulter dans un autre canal',
    unsupportedFile: 'Ce type de fichier n’est pas pris en charge. Votre message n’a pas été remis',
    systemHeading: 'message système',
    verifiedManually: 'Numéro vérifié manuellement : client {user}',
    tooLarge: 'Le fichier est trop volumineux. Votre message n’a pas été remis',
  },
};

/** A channel text in a locale, `{name}` placeholders filled. */
export function channelText(locale: Locale, id: ChannelTextId, vars: Record<string, string> = {}): string {
  return CHANNEL_TEXTS[locale][id].replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** What WhatsApp carries, per kind (the SupHelper document): bigger files are not sent. */
export const WHATSAPP_FILE_LIMITS = { video: 16 * 1024 * 1024, image: 5 * 1024 * 1024, audio: 16 * 1024 * 1024, document: 100 * 1024 * 1024 } as const;

// ----- settings (owners and admins) ---------------------------------------------------------------

const secretText = (re: RegExp, max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max), v.regex(re));
const httpUrl = v.pipe(v.string(), v.trim(), v.maxLength(2000), v.url(), v.regex(/^https?:\/\//));

export const TelegramSettingsSchema = v.object({
  enabled: v.boolean(),
  /** From @BotFather: `123456:ABC-DEF...`. */
  token: secretText(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 130),
  /** Sent by Telegram in X-Telegram-Bot-Api-Secret-Token on every webhook call. */
  webhookSecret: secretText(/^[A-Za-z0-9_-]{16,256}$/, 256),
  /** webhook: Telegram calls this server (it needs a public URL); polling: this server asks (getUpdates). */
  mode: v.picklist(['webhook', 'polling']),
  defaultLocale: v.picklist(LOCALES),
  /** Ask every new Telegram dialog for the client's phone number (SupHelper verification). */
  verifyPhone: v.boolean(),
  /**
   * The site's back end, asked which signed-in user a shared phone number belongs to:
   * POST { phone } → 200 { userId } or 404. Without it, verified visitors' phone fields are matched.
   */
  phoneLookupUrl: v.nullable(httpUrl),
});
export type TelegramSettings = v.InferOutput<typeof TelegramSettingsSchema>;

export const WhatsAppSettingsSchema = v.object({
  enabled: v.boolean(),
  /** Cloud API access token (system user token). */
  token: secretText(/^[A-Za-z0-9_.|-]{16,1000}$/, 1000),
  /** The business phone number's id in the Cloud API. */
  phoneNumberId: secretText(/^\d{1,30}$/, 30),
  /** The app secret: X-Hub-Signature-256 of every webhook call is checked with it. */
  appSecret: secretText(/^[A-Za-z0-9_-]{16,256}$/, 256),
  /** Echoed by Meta in hub.verify_token when the webhook is registered. */
  verifyToken: secretText(/^[A-Za-z0-9_-]{8,256}$/, 256),
  /** The dialog language of a client's first contact (operators can switch it per dialog). */
  defaultLocale: v.picklist(LOCALES),
});
export type WhatsAppSettings = v.InferOutput<typeof WhatsAppSettingsSchema>;

export const ChannelStatusSchema = v.object({
  /** Last outbound failure, if the newest attempt failed. */
  lastError: v.nullable(v.string()),
  /** Outbound messages waiting for a retry. */
  pending: v.number(),
});

export const ChannelsResponseSchema = v.object({
  telegram: v.nullable(TelegramSettingsSchema),
  whatsapp: v.nullable(WhatsAppSettingsSchema),
  /** Where each platform must call this server (set in the platform; Telegram's is set by the server in webhook mode). */
  webhooks: v.object({ telegram: v.string(), whatsapp: v.string() }),
  status: v.object({ telegram: ChannelStatusSchema, whatsapp: ChannelStatusSchema }),
});
export type ChannelsResponse = v.InferOutput<typeof ChannelsResponseSchema>;

export const ChannelTestResponseSchema = v.object({
  ok: v.boolean(),
  /** The bot's @username or the business number on success; the platform's error otherwise. */
  detail: v.string(),
});
export type ChannelTestResponse = v.InferOutput<typeof ChannelTestResponseSchema>;

/** Operator action "verify manually": this dialog's messenger client is the signed-in user `userId`. */
export const VerifyDialogBodySchema = v.object({ userId: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(256)) });
/** The language channel texts are sent in for this dialog's messenger client. */
export const DialogLanguageBodySchema = v.object({ locale: v.picklist(LOCALES) });
export const DialogChannelInfoSchema = v.object({
  channel: v.picklist(EXTERNAL_CHANNELS),
  locale: v.picklist(LOCALES),
  phone: v.nullable(v.string()),
  phoneState: v.nullable(v.picklist(['asked', 'shared', 'refused'])),
  /**
   * WhatsApp: when its 24-hour customer service window ends (the client's last message + 24 h;
   * null: unknown). Later sends are refused by WhatsApp: Parley holds them until the client writes.
   */
  windowEndsAt: v.optional(v.nullable(v.number())),
  /** WhatsApp: how many operator messages wait for the window to open again. */
  held: v.optional(v.number()),
});
export type DialogChannelInfo = v.InferOutput<typeof DialogChannelInfoSchema>;
export const DialogChannelsResponseSchema = v.object({ channels: v.array(DialogChannelInfoSchema) });

/** A visitor's ticket into a messenger: `t.me/<bot>?start=<ref>` joins the web dialog it came from. */
export const ChannelRefResponseSchema = v.object({ ref: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)), expiresAt: v.number() });
/**
 * The same ticket for a signed-in visitor, asked for with the proof the page gave `identify()`
 * (the multiwidget's Telegram button, which holds no visitor token): the Telegram chat joins that
 * user's one continuous dialog.
 */
export const ChannelRefIdentityBodySchema = v.strictObject({ identity: IdentitySchema });

// ----- paths ----------------------------------------------------------------------------------------

const CH = '/api/v1/channels';
const OPC = '/api/v1/operator';
/** Platform webhooks (public; each checks its platform's secret) and the operator's channel settings. */
export const ChannelRoutes = {
  /** POST: Telegram updates (X-Telegram-Bot-Api-Secret-Token checked). */
  telegramWebhook: (project: string) => `${CH}/${encodeURIComponent(project)}/telegram`,
  telegramWebhookPattern: `${CH}/:project/telegram`,
  /** GET: hub.challenge verification; POST: Cloud API notifications (X-Hub-Signature-256 checked). */
  whatsappWebhook: (project: string) => `${CH}/${encodeURIComponent(project)}/whatsapp`,
  whatsappWebhookPattern: `${CH}/:project/whatsapp`,
  /** GET (admins): every channel's settings, webhook URLs and outbound status. */
  settings: `${OPC}/channels`,
  /** PUT (admins): one channel's settings; DELETE: unbind it. */
  telegram: `${OPC}/channels/telegram`,
  whatsapp: `${OPC}/channels/whatsapp`,
  /** POST (admins): call the platform with the stored settings (getMe / the phone number). */
  test: (channel: ExternalChannel) => `${OPC}/channels/${channel}/test`,
  /** POST { userId }: "verify manually" — the dialog's messenger client is that signed-in visitor. */
  verify: (dialogId: string) => `${OPC}/dialogs/${encodeURIComponent(dialogId)}/verify`,
  verifyPattern: `${OPC}/dialogs/:dialogId/verify`,
  /** GET: the dialog's messenger clients (language, phone state); PUT { locale }: switch the language. */
  dialogChannels: (dialogId: string) => `${OPC}/dialogs/${encodeURIComponent(dialogId)}/channels`,
  dialogChannelsPattern: `${OPC}/dialogs/:dialogId/channels`,
  /** POST (visitor bearer token): a ref for `t.me/<bot>?start=<ref>` that joins this visitor's dialog. */
  ref: '/api/v1/widget/channel-ref',
  /** POST { identity } (a signed-in visitor's proof, no token): the same ref for that user's dialog. */
  refForIdentity: (project: string) => `/api/v1/widget/projects/${encodeURIComponent(project)}/channel-ref`,
  refForIdentityPattern: '/api/v1/widget/projects/:project/channel-ref',
} as const;
