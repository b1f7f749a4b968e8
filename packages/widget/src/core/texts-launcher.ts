import type { BuiltinTexts } from './texts';

/** The texts the loader needs before the session chunk brings the full table. */
export const LAUNCHER_TEXTS: BuiltinTexts = {
  en: { 'launcher.open': 'Open chat', 'launcher.close': 'Close chat', 'launcher.unread': '{n} unread', 'greeting.close': 'Dismiss' },
  ru: { 'launcher.open': 'Открыть чат', 'launcher.close': 'Закрыть чат', 'launcher.unread': 'Непрочитанных: {n}', 'greeting.close': 'Скрыть' },
  fr: { 'launcher.open': 'Ouvrir le chat', 'launcher.close': 'Fermer le chat', 'launcher.unread': '{n} non lu(s)', 'greeting.close': 'Masquer' },
};
