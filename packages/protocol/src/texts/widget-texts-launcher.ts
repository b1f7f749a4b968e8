import type { Locale } from '../locales';
import type { WidgetLauncherTextTable } from './widget-text-keys';

/**
 * The launcher's built-in texts in every locale: the widget's loader imports them (widget/src/core/state.ts),
 * so the chat's tables (widget-texts-<locale>.ts) leave them out.
 */
export const WIDGET_LAUNCHER_TEXTS_EN: WidgetLauncherTextTable = {
  'launcher.open': 'Open chat',
  'launcher.unread': '{n} unread',
  'launcher.failed': 'The chat did not load',
};
export const WIDGET_LAUNCHER_TEXTS_RU: WidgetLauncherTextTable = {
  'launcher.open': 'Открыть чат',
  'launcher.unread': 'Непрочитанных: {n}',
  'launcher.failed': 'Чат не загрузился',
};
export const WIDGET_LAUNCHER_TEXTS_FR: WidgetLauncherTextTable = {
  'launcher.open': 'Ouvrir le chat',
  'launcher.unread': '{n} non lu(s)',
  'launcher.failed': 'Le chat n’a pas chargé',
};
export const WIDGET_LAUNCHER_TEXTS: Readonly<Record<Locale, WidgetLauncherTextTable>> = {
  en: WIDGET_LAUNCHER_TEXTS_EN,
  ru: WIDGET_LAUNCHER_TEXTS_RU,
  fr: WIDGET_LAUNCHER_TEXTS_FR,
};
