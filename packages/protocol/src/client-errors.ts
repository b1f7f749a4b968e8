import type { Locale } from './locales';

/**
 * The error texts a client detects itself (before or without a server answer): the widget shows
 * these. A module of their own so the widget's chat chunk does not carry them (errors.ts, which
 * the chat needs for the codes, re-exports them; for errors the server reports, show the
 * `message` it sent).
 */
export type Texts = Readonly<Record<Locale, string>>;
export type Params = Readonly<Record<string, string | number>>;

/** Errors the widget finds itself, before (or without) a server answer: it shows these texts. */
export const CLIENT_ERROR_CODES = ['message_empty', 'message_too_long', 'unsupported_file_type', 'file_too_large', 'attachments_disabled', 'internal'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export const CLIENT_TEXTS: Readonly<Record<ClientErrorCode, Texts>> = {
  message_empty: {
    en: 'The message is empty.',
    ru: 'Сообщение пустое.',
    fr: 'Le message est vide.',
  },
  message_too_long: {
    en: 'The message is too long ({limit} characters at most). Your message was not delivered.',
    ru: 'Сообщение слишком длинное (не более {limit} символов). Ваше сообщение не доставлено',
    fr: "Le message est trop long ({limit} caractères au maximum). Votre message n'a pas été envoyé.",
  },
  unsupported_file_type: {
    en: 'This file type is not supported. Your message was not delivered.',
    ru: 'Данный тип файла не поддерживается. Ваше сообщение не доставлено',
    fr: "Ce type de fichier n'est pas pris en charge. Votre message n'a pas été envoyé.",
  },
  file_too_large: {
    en: 'The file is too large ({limit} at most). Your message was not delivered.',
    ru: 'Файл слишком большой (не более {limit}). Ваше сообщение не доставлено',
    fr: "Le fichier est trop volumineux ({limit} au maximum). Votre message n'a pas été envoyé.",
  },
  attachments_disabled: {
    en: 'Files cannot be sent in this chat.',
    ru: 'В этом чате нельзя отправлять файлы.',
    fr: "L'envoi de fichiers n'est pas possible dans ce chat.",
  },
  internal: {
    en: 'Something went wrong on our side. Please try again.',
    ru: 'Что-то пошло не так. Попробуйте ещё раз.',
    fr: 'Une erreur est survenue de notre côté. Veuillez réessayer.',
  },
};

export function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Human text for an error the client found, with `{name}` placeholders filled from params. */
export function clientErrorText(code: ClientErrorCode, locale: Locale, params: Params = {}): string {
  return fill(CLIENT_TEXTS[code][locale], params);
}
