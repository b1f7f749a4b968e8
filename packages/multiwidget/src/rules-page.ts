/** Entry of dist/multiwidget/rules-page.js (see rules.ts). */
export { pageRules as rules } from './rules';
