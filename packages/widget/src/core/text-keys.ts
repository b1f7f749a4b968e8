/**
 * Ids of the built-in texts (the full tables are protocol's WIDGET_TEXTS; the chat loads the shown locale's, session/locale-texts.ts).
 * A type only: nothing of it ships in the loader.
 */
export type { WidgetTextKey as TextKey } from '@parley/protocol';
