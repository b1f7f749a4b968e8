import * as v from 'valibot';
import type { Locale } from './locales';
import { mergeEntries } from './internal/merge-entries';
import { CLIENT_TEXTS, fill, type Params, type Texts } from './client-errors';

/**
 * Every error either side can report. Codes are stable API; texts are what a visitor or
 * operator reads. Texts quoted from the product documents are kept word for word.
 */
export const ERROR_CODES = [
  'bad_frame',
  'bad_request',
  'unsupported_version',
  'hello_required',
  'unknown_project',
  'identity_invalid',
  'identity_expired',
  'token_invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'frame_too_large',
  'message_empty',
  'message_too_long',
  'unsupported_file_type',
  'file_too_large',
  'attachments_disabled',
  'dialog_closed',
  'already_rated',
  'offline_form_disabled',
  'prechat_required',
  'image_invalid',
  'email_taken',
  'visitor_blocked',
  'unknown_text',
  'storage_full',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const ErrorCodeSchema = v.picklist(ERROR_CODES);

// The texts of the errors a client finds itself live apart (client-errors.ts): the widget loads them
// only when a visitor attaches a file.
export { CLIENT_ERROR_CODES, clientErrorText, type ClientErrorCode } from './client-errors';

// The rest: the server sends these texts itself (error frames and ApiError carry `message` in the
// visitor's locale), so the widget never needs this table; operators' console and the server do.
const TEXTS: Readonly<Record<ErrorCode, Texts>> = /*#__PURE__*/ mergeEntries(CLIENT_TEXTS, {
  bad_frame: {
    en: 'The request could not be understood.',
    ru: 'Не удалось разобрать запрос.',
    fr: 'La requête est incompréhensible.',
  },
  bad_request: {
    en: 'Some fields are missing or invalid.',
    ru: 'Некоторые поля не заполнены или заполнены неверно.',
    fr: 'Certains champs sont manquants ou invalides.',
  },
  unsupported_version: {
    en: 'This version of the chat is no longer supported. Please reload the page.',
    ru: 'Эта версия чата больше не поддерживается. Обновите страницу.',
    fr: "Cette version du chat n'est plus prise en charge. Veuillez recharger la page.",
  },
  hello_required: {
    en: 'The connection was not initialised.',
    ru: 'Соединение не инициализировано.',
    fr: "La connexion n'a pas été initialisée.",
  },
  unknown_project: {
    en: 'This chat is not configured.',
    ru: 'Этот чат не настроен.',
    fr: "Ce chat n'est pas configuré.",
  },
  identity_invalid: {
    en: 'Your sign-in could not be verified. Please sign in again.',
    ru: 'Не удалось подтвердить вход. Войдите снова.',
    fr: 'Votre connexion n’a pas pu être vérifiée. Veuillez vous reconnecter.',
  },
  identity_expired: {
    en: 'Your sign-in has expired. Please sign in again.',
    ru: 'Срок действия входа истёк. Войдите снова.',
    fr: 'Votre connexion a expiré. Veuillez vous reconnecter.',
  },
  token_invalid: {
    en: 'Your chat session has expired.',
    ru: 'Сессия чата истекла.',
    fr: 'Votre session de chat a expiré.',
  },
  unauthorized: {
    en: 'Please sign in.',
    ru: 'Войдите в систему.',
    fr: 'Veuillez vous connecter.',
  },
  forbidden: {
    en: 'You do not have access to this.',
    ru: 'Нет доступа.',
    fr: "Vous n'avez pas accès à cette ressource.",
  },
  not_found: {
    en: 'Not found.',
    ru: 'Не найдено.',
    fr: 'Introuvable.',
  },
  conflict: {
    en: 'This was changed by someone else. Please refresh.',
    ru: 'Это уже изменил кто-то другой. Обновите данные.',
    fr: "Quelqu'un d'autre a déjà modifié cet élément. Veuillez actualiser.",
  },
  rate_limited: {
    en: 'Too many requests. Please wait a moment and try again.',
    ru: 'Слишком много запросов. Подождите немного и попробуйте снова.',
    fr: 'Trop de requêtes. Patientez un instant puis réessayez.',
  },
  frame_too_large: {
    en: 'The message is too large.',
    ru: 'Сообщение слишком большое.',
    fr: 'Le message est trop volumineux.',
  },
  dialog_closed: {
    en: 'This conversation is closed.',
    ru: 'Этот диалог закрыт.',
    fr: 'Cette conversation est fermée.',
  },
  already_rated: {
    en: 'This conversation has already been rated.',
    ru: 'Этот диалог уже оценён.',
    fr: 'Cette conversation a déjà été évaluée.',
  },
  offline_form_disabled: {
    en: 'The contact form is not available.',
    ru: 'Форма обратной связи недоступна.',
    fr: "Le formulaire de contact n'est pas disponible.",
  },
  prechat_required: {
    en: 'Please fill in the form before starting the chat.',
    ru: 'Пожалуйста, заполните форму, прежде чем начать чат.',
    fr: 'Veuillez remplir le formulaire avant de commencer la discussion.',
  },
  email_taken: {
    en: 'This email is already used by another operator.',
    ru: 'Этот email уже занят другим оператором.',
    fr: 'Cette adresse e-mail est déjà utilisée par un autre opérateur.',
  },
  // Neutral on purpose: a blocked visitor is not told they are blocked.
  visitor_blocked: {
    en: 'Your message could not be delivered.',
    ru: 'Не удалось доставить сообщение.',
    fr: "Votre message n'a pas pu être remis.",
  },
  unknown_text: {
    en: 'There is no such text.',
    ru: 'Такого текста нет.',
    fr: "Ce texte n'existe pas.",
  },
  storage_full: {
    en: 'This chat cannot store more files right now. Your message was not delivered.',
    ru: 'Сейчас в этот чат нельзя отправить файлы: хранилище заполнено. Ваше сообщение не доставлено',
    fr: "Ce chat ne peut plus stocker de fichiers pour le moment. Votre message n'a pas été envoyé.",
  },
  image_invalid: {
    en: 'The image must be a square PNG or JPG from 200×200 to 1500×1500 px.',
    ru: 'Изображение должно быть квадратным, в формате PNG или JPG, от 200×200 до 1500×1500 px.',
    fr: "L'image doit être un PNG ou JPG carré de 200×200 à 1500×1500 px.",
  },
});

/** Human text for an error, with `{name}` placeholders filled from params. */
export function errorText(code: ErrorCode, locale: Locale, params: Params = {}): string {
  return fill(TEXTS[code][locale], params);
}

/** Errors a client may retry unchanged after a pause; all others need a change first. */
export function isRetryable(code: ErrorCode): boolean {
  return code === 'rate_limited' || code === 'internal';
}

/** Body of every non-2xx HTTP response of the Parley API. */
export const ApiErrorSchema = v.object({
  error: v.object({
    code: ErrorCodeSchema,
    message: v.string(),
    /** Field paths that failed validation, when code is bad_request. */
    fields: v.optional(v.array(v.string())),
  }),
});
export type ApiError = v.InferOutput<typeof ApiErrorSchema>;
