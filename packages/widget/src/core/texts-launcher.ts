import type { BuiltinTexts } from './texts';

/**
 * The texts the loader needs before the session chunk brings the full table ("Close chat" shows
 * only once the panel is open, and the panel opens once the table is there; "could not load" shows
 * when the chat chunk or its texts did not come). protocol's WIDGET_LAUNCHER_TEXTS, which the chat's tables
 * leave out, written here: importing it would bring every table into the loader (texts.test.ts checks
 * they agree). The greetings chunk carries its own (GREETING_CLOSE).
 */
export const LAUNCHER_TEXTS: BuiltinTexts = {
  en: { 'launcher.open': 'Open chat', 'launcher.unread': '{n} unread', 'launcher.failed': 'The chat did not load' },
  ru: { 'launcher.open': 'Открыть чат', 'launcher.unread': 'Непрочитанных: {n}', 'launcher.failed': 'Чат не загрузился' },
  fr: { 'launcher.open': 'Ouvrir le chat', 'launcher.unread': '{n} non lu(s)', 'launcher.failed': 'Le chat n’a pas chargé' },
};
