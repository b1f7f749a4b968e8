/**
 * @parley/widget/internal: what Parley's own packages share with the widget (the multiwidget,
 * the React and Vue wrappers). Not a public API: it follows the widget's exact version, not semver, and may change in
 * any release. Apps use `@parley/widget`.
 */
/** The analytics goal adapters (gtag, Yandex Metrica, dataLayer). */
export { fireGoal } from './core/goals';
/** Foreground colour readable on a brand colour (the launchers' icon colour). */
export { contrastOn } from './core/dom';
/** How widget.js and multiwidget.js share the global `parley(...)`. */
export { MULTIWIDGET_PREFIX, findIdentity, findWidget, isMultiwidgetCall, type Registry } from './embed/global-contract';
/** One widget kept in step with a component's props: the React and Vue wrappers. */
export {
  createChatBinding,
  paramsPatch,
  INITIAL_STATE,
  type ChatBinding,
  type ChatMethods,
  type ChatProps,
  type ChatState,
  type CustomParams,
} from './binding';
