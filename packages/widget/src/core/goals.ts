/**
 * Goal adapters: when a widget event fires, report it to the analytics the host page already has.
 * Each adapter runs only when its global exists, and each is isolated: a broken counter never
 * affects the others or the chat.
 */
export interface GoalTargets {
  /** `gtag('event', name)` (Google Analytics 4 / gtag.js). */
  gtag?: string;
  /** `ym(counter, 'reachGoal', goal)` (Yandex Metrica). */
  ym?: { counter: number; goal: string };
  /** `dataLayer.push({ event })` (Google Tag Manager). */
  dataLayer?: string;
}

interface AnalyticsGlobals {
  gtag?: unknown;
  ym?: unknown;
  dataLayer?: unknown;
}

export function fireGoal(win: AnalyticsGlobals, targets: GoalTargets | undefined): void {
  if (!targets) return;
  const call = (fn: () => void) => {
    try {
      fn();
    } catch {
      // the counter's own problem; the chat carries on
    }
  };
  const { gtag, ym, dataLayer } = win;
  if (targets.gtag && typeof gtag === 'function') call(() => (gtag as (...a: unknown[]) => void)('event', targets.gtag));
  if (targets.ym && typeof ym === 'function') call(() => (ym as (...a: unknown[]) => void)(targets.ym?.counter, 'reachGoal', targets.ym?.goal));
  if (targets.dataLayer && Array.isArray(dataLayer)) call(() => dataLayer.push({ event: targets.dataLayer }));
}
