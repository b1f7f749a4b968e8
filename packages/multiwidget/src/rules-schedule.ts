/** Entry of dist/multiwidget/rules-schedule.js (see rules.ts). */
export { scheduleRules as rules } from './rules';
