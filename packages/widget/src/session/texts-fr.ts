/** The chat's built-in texts of one locale, a chunk of their own (locale-texts.ts loads the visitor's only). */
export { WIDGET_CHAT_TEXTS_FR as table } from '@parley/protocol';
