/**
 * Entries of dist/multiwidget/rules-page.js and rules-schedule.js: protocol's page filter and
 * schedule rules, each loaded before the button shows only for a project whose channels use it
 * (channels.ts needsRules). Each is built on its own, so it carries nothing else.
 */
import { pageAllowed, placementAllowed, scheduleState } from '@parley/protocol';
import type { PageRules, ScheduleRules } from './channels';

export const pageRules: PageRules = { pageAllowed, placementAllowed };
export const scheduleRules: ScheduleRules = { scheduleState };
