import type { Locale } from '../locales';
import type { WidgetTextTable } from './widget-text-keys';
import { WIDGET_TEXTS_EN } from './widget-texts-en';
import { WIDGET_TEXTS_RU } from './widget-texts-ru';
import { WIDGET_TEXTS_FR } from './widget-texts-fr';

export type { WidgetTextKey, WidgetTextTable } from './widget-text-keys';
export { WIDGET_TEXTS_EN, WIDGET_TEXTS_RU, WIDGET_TEXTS_FR };

/**
 * The chat widget's built-in texts in full, per locale, one module per locale so the widget's chat
 * loads only the shown locale's (widget/src/session/locale-texts.ts). The server (to refuse unknown
 * override ids) and the console (to show defaults) use them all; the widget's loader carries the
 * launcher's few texts (widget/src/core/texts-launcher.ts). Every one can be overridden per locale
 * by the project (Console → Texts) and by `setTexts`; `{name}` placeholders are filled at render time.
 */
export const WIDGET_TEXTS: Readonly<Record<Locale, WidgetTextTable>> = { en: WIDGET_TEXTS_EN, ru: WIDGET_TEXTS_RU, fr: WIDGET_TEXTS_FR };
