import type { GoalTargets } from '@parley/widget';
import { fireGoal } from '@parley/widget/internal';

/**
 * Analytics goals of the multiwidget, through the widget's own adapters (gtag, Yandex Metrica,
 * dataLayer): one implementation for both. `{channel}` in a goal name is replaced by the channel's
 * kind, so one entry can report `contact_telegram`, `contact_chat`…:
 *   goals: { 'channel:click': { ym: { counter: 123, goal: 'mw_{channel}' }, gtag: 'contact_{channel}' } }
 */
export type MultiwidgetGoalEvent = 'open' | 'channel:click';
export type MultiwidgetGoals = Partial<Record<MultiwidgetGoalEvent, GoalTargets>>;

export function fireGoals(win: object, goals: MultiwidgetGoals | undefined, event: MultiwidgetGoalEvent, channel = ''): void {
  const t = goals?.[event];
  if (!t) return;
  const fill = (s: string) => s.replace(/\{channel\}/g, channel);
  const targets: GoalTargets = {};
  if (t.gtag) targets.gtag = fill(t.gtag);
  if (t.ym) targets.ym = { counter: t.ym.counter, goal: fill(t.ym.goal) };
  if (t.dataLayer) targets.dataLayer = fill(t.dataLayer);
  fireGoal(win, targets);
}
