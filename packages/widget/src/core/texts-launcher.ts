import type { BuiltinTexts } from './texts';

/**
 * The texts the loader needs before the session chunk brings the full table ("Close chat" shows
 * only once the panel is open, and the panel opens once the table is there).
 */
export const LAUNCHER_TEXTS: BuiltinTexts = {
  en: { 'launcher.open': 'Open chat', 'launcher.unread': '{n} unread', 'greeting.close': 'Dismiss' },
  ru: { 'launcher.open': 'Открыть чат', 'launcher.unread': 'Непрочитанных: {n}', 'greeting.close': 'Скрыть' },
  fr: { 'launcher.open': 'Ouvrir le chat', 'launcher.unread': '{n} non lu(s)', 'greeting.close': 'Masquer' },
};
