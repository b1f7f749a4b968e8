import type { Locale } from '../locales';
import type { WidgetTextTable } from './widget-text-keys';
import { mergeEntries } from '../internal/merge-entries';
import { WIDGET_LAUNCHER_TEXTS, WIDGET_LAUNCHER_TEXTS_EN, WIDGET_LAUNCHER_TEXTS_RU, WIDGET_LAUNCHER_TEXTS_FR } from './widget-texts-launcher';
import { WIDGET_CHAT_TEXTS_EN } from './widget-texts-en';
import { WIDGET_CHAT_TEXTS_RU } from './widget-texts-ru';
import { WIDGET_CHAT_TEXTS_FR } from './widget-texts-fr';
import { WIDGET_MORE_TEXTS_EN } from './widget-texts-more-en';
import { WIDGET_MORE_TEXTS_RU } from './widget-texts-more-ru';
import { WIDGET_MORE_TEXTS_FR } from './widget-texts-more-fr';

export type {
  WidgetTextKey,
  WidgetTextTable,
  WidgetLauncherTextKey,
  WidgetLauncherTextTable,
  WidgetChatTextKey,
  WidgetChatTextTable,
  WidgetMoreTextKey,
  WidgetMoreTextTable,
} from './widget-text-keys';
export {
  WIDGET_LAUNCHER_TEXTS,
  WIDGET_CHAT_TEXTS_EN,
  WIDGET_CHAT_TEXTS_RU,
  WIDGET_CHAT_TEXTS_FR,
  WIDGET_MORE_TEXTS_EN,
  WIDGET_MORE_TEXTS_RU,
  WIDGET_MORE_TEXTS_FR,
};

/**
 * The chat widget's built-in texts in full, per locale, one module per locale so the widget's chat
 * loads only the shown locale's (widget/src/session/locale-texts.ts), and of it only the chat's part
 * until a view loaded on need asks for the rest (`WIDGET_CHAT_TEXTS_*`, `WIDGET_MORE_TEXTS_*`). The server (to refuse unknown
 * override ids) and the console (to show defaults) use them all; the widget's loader carries the
 * launcher's few texts (`WIDGET_LAUNCHER_TEXTS`, which widget/src/core/state.ts imports), which the chat's tables leave out. Every one can be overridden per locale
 * by the project (Console → Texts) and by `setTexts`; `{name}` placeholders are filled at render time.
 */
// Pure merges (mergeEntries): a module-level spread would keep every table in a bundle that imports
// only one of them, such as the widget's loader with the launcher's.
export const WIDGET_TEXTS_EN: WidgetTextTable = /*#__PURE__*/ mergeEntries(
  WIDGET_LAUNCHER_TEXTS_EN,
  /*#__PURE__*/ mergeEntries(WIDGET_CHAT_TEXTS_EN, WIDGET_MORE_TEXTS_EN),
);
export const WIDGET_TEXTS_RU: WidgetTextTable = /*#__PURE__*/ mergeEntries(
  WIDGET_LAUNCHER_TEXTS_RU,
  /*#__PURE__*/ mergeEntries(WIDGET_CHAT_TEXTS_RU, WIDGET_MORE_TEXTS_RU),
);
export const WIDGET_TEXTS_FR: WidgetTextTable = /*#__PURE__*/ mergeEntries(
  WIDGET_LAUNCHER_TEXTS_FR,
  /*#__PURE__*/ mergeEntries(WIDGET_CHAT_TEXTS_FR, WIDGET_MORE_TEXTS_FR),
);
export const WIDGET_TEXTS: Readonly<Record<Locale, WidgetTextTable>> = { en: WIDGET_TEXTS_EN, ru: WIDGET_TEXTS_RU, fr: WIDGET_TEXTS_FR };
