import type { PreChatSettings, PreChatSubmission } from './entities';
import { isPlausibleEmail, isPlausiblePhone } from './offline-form';

export type PreChatField = 'name' | 'email' | 'phone' | 'consent' | 'group';
export type PreChatProblem = 'required' | 'invalid';

/** The groups the form offers a choice of: none when the choice is off. */
export const preChatGroups = (settings: PreChatSettings) => (settings.group?.mode === 'off' ? [] : (settings.group?.options ?? []));

/**
 * Checks the pre-chat form against the project's settings. The widget (errors beside fields),
 * and the server (refusal, and whether a visitor still has to fill it in) call this. An empty
 * list means valid. A group must be one of the offered ones.
 */
export function validatePreChat(
  settings: PreChatSettings,
  s: Partial<Pick<PreChatSubmission, 'name' | 'email' | 'phone' | 'consent' | 'group'>>,
): { field: PreChatField; problem: PreChatProblem }[] {
  const problems: { field: PreChatField; problem: PreChatProblem }[] = [];
  for (const f of ['name', 'email', 'phone'] as const) {
    const mode = settings.fields[f];
    const value = (s[f] ?? '').trim();
    if (mode === 'off') continue;
    if (!value) {
      if (mode === 'required') problems.push({ field: f, problem: 'required' });
    } else if ((f === 'email' && !isPlausibleEmail(value)) || (f === 'phone' && !isPlausiblePhone(value))) {
      problems.push({ field: f, problem: 'invalid' });
    }
  }
  if (settings.consent === 'required' && s.consent !== true) problems.push({ field: 'consent', problem: 'required' });
  const groups = preChatGroups(settings);
  if (groups.length > 0) {
    if (!s.group) {
      if (settings.group?.mode === 'required') problems.push({ field: 'group', problem: 'required' });
    } else if (!groups.some((g) => g.id === s.group)) problems.push({ field: 'group', problem: 'invalid' });
  }
  return problems;
}
