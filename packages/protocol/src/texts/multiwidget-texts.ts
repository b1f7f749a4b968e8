import type { ChannelKind } from '../multiwidget';
import type { Locale } from '../locales';

export type TextTable<K extends string> = Readonly<Record<Locale, Readonly<Record<K, string>>>>;

/** The multiwidget panel's built-in texts (list, QR, callback form, chat loading), overridable like the launcher's. */
const EN = {
  'multiwidget.title': 'How would you like to reach us?',
  'multiwidget.back': 'Back',
  'multiwidget.channel.chat': 'Online chat',
  'multiwidget.channel.callback': 'Request a callback',
  'multiwidget.channel.telegram': 'Telegram',
  'multiwidget.channel.whatsapp': 'WhatsApp',
  'multiwidget.channel.viber': 'Viber',
  'multiwidget.channel.vk': 'VK',
  'multiwidget.channel.messenger': 'Messenger',
  'multiwidget.channel.email': 'Email',
  'multiwidget.channel.phone': 'Call us',
  'multiwidget.channel.link': 'Open link',
  'multiwidget.qr.hint': 'Scan the code with your phone camera',
  'multiwidget.qr.openHere': 'Open on this device',
  'multiwidget.callback.title': 'We will call you back',
  'multiwidget.callback.phone': 'Phone',
  'multiwidget.callback.name': 'Name (optional)',
  'multiwidget.callback.time': 'Preferred time (optional)',
  'multiwidget.callback.asap': 'As soon as possible',
  'multiwidget.callback.submit': 'Call me back',
  'multiwidget.callback.sending': 'Sending…',
  'multiwidget.callback.done': 'Thank you! We will call you soon.',
  'multiwidget.callback.invalidPhone': 'Enter a phone number, e.g. +1 555 123 4567',
  'multiwidget.callback.failed': 'Could not send your request. Please try again.',
  'multiwidget.chat.loading': 'Opening the chat…',
  'multiwidget.chat.failed': 'The chat could not be opened. Please try again.',
} as const;

export type PanelTextId = keyof typeof EN;

const RU: Record<PanelTextId, string> = {
  'multiwidget.title': 'Как с нами связаться?',
  'multiwidget.back': 'Назад',
  'multiwidget.channel.chat': 'Онлайн-чат',
  'multiwidget.channel.callback': 'Заказать обратный звонок',
  'multiwidget.channel.telegram': 'Telegram',
  'multiwidget.channel.whatsapp': 'WhatsApp',
  'multiwidget.channel.viber': 'Viber',
  'multiwidget.channel.vk': 'ВКонтакте',
  'multiwidget.channel.messenger': 'Messenger',
  'multiwidget.channel.email': 'Написать на почту',
  'multiwidget.channel.phone': 'Позвонить',
  'multiwidget.channel.link': 'Открыть ссылку',
  'multiwidget.qr.hint': 'Отсканируйте код камерой телефона',
  'multiwidget.qr.openHere': 'Открыть на этом устройстве',
  'multiwidget.callback.title': 'Мы вам перезвоним',
  'multiwidget.callback.phone': 'Телефон',
  'multiwidget.callback.name': 'Имя (необязательно)',
  'multiwidget.callback.time': 'Удобное время (необязательно)',
  'multiwidget.callback.asap': 'Как можно скорее',
  'multiwidget.callback.submit': 'Перезвоните мне',
  'multiwidget.callback.sending': 'Отправляем…',
  'multiwidget.callback.done': 'Спасибо! Мы скоро перезвоним.',
  'multiwidget.callback.invalidPhone': 'Введите номер телефона, например +7 999 123-45-67',
  'multiwidget.callback.failed': 'Не удалось отправить заявку. Попробуйте ещё раз.',
  'multiwidget.chat.loading': 'Открываем чат…',
  'multiwidget.chat.failed': 'Не удалось открыть чат. Попробуйте ещё раз.',
};

const FR: Record<PanelTextId, string> = {
  'multiwidget.title': 'Comment souhaitez-vous nous joindre ?',
  'multiwidget.back': 'Retour',
  'multiwidget.channel.chat': 'Chat en ligne',
  'multiwidget.channel.callback': 'Être rappelé',
  'multiwidget.channel.telegram': 'Telegram',
  'multiwidget.channel.whatsapp': 'WhatsApp',
  'multiwidget.channel.viber': 'Viber',
  'multiwidget.channel.vk': 'VK',
  'multiwidget.channel.messenger': 'Messenger',
  'multiwidget.channel.email': 'E-mail',
  'multiwidget.channel.phone': 'Appeler',
  'multiwidget.channel.link': 'Ouvrir le lien',
  'multiwidget.qr.hint': 'Scannez le code avec l’appareil photo de votre téléphone',
  'multiwidget.qr.openHere': 'Ouvrir sur cet appareil',
  'multiwidget.callback.title': 'Nous vous rappelons',
  'multiwidget.callback.phone': 'Téléphone',
  'multiwidget.callback.name': 'Nom (facultatif)',
  'multiwidget.callback.time': 'Heure souhaitée (facultatif)',
  'multiwidget.callback.asap': 'Dès que possible',
  'multiwidget.callback.submit': 'Rappelez-moi',
  'multiwidget.callback.sending': 'Envoi…',
  'multiwidget.callback.done': 'Merci ! Nous vous rappelons très vite.',
  'multiwidget.callback.invalidPhone': 'Saisissez un numéro de téléphone, par ex. +33 1 23 45 67 89',
  'multiwidget.callback.failed': 'Votre demande n’a pas pu être envoyée. Veuillez réessayer.',
  'multiwidget.chat.loading': 'Ouverture du chat…',
  'multiwidget.chat.failed': 'Le chat n’a pas pu s’ouvrir. Veuillez réessayer.',
};

export const MULTIWIDGET_PANEL_TEXTS: TextTable<PanelTextId> = { en: EN, ru: RU, fr: FR };

export const channelTextId = (kind: ChannelKind): PanelTextId => `multiwidget.channel.${kind}`;

/** The multiwidget launcher's own two texts (the only ones in its first bytes). */
export const MULTIWIDGET_LAUNCHER_TEXTS = {
  en: {
    'multiwidget.button': 'Contact us',
    'multiwidget.close': 'Close',
  },
  ru: {
    'multiwidget.button': 'Связаться с нами',
    'multiwidget.close': 'Закрыть',
  },
  fr: {
    'multiwidget.button': 'Nous contacter',
    'multiwidget.close': 'Fermer',
  },
} satisfies TextTable<'multiwidget.button' | 'multiwidget.close'>;
