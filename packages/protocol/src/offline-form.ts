import type { OfflineFormSettings, OfflineFormSubmission } from './entities';

export type OfflineFormField = 'name' | 'phone' | 'email' | 'message';
export type OfflineFormProblem = 'required' | 'invalid' | 'contact_required';

// Deliberately permissive: a real person's address must never be refused; the operator reads it.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Digits with the usual separators and an optional leading +; 5..15 digits (E.164 allows 15).
const PHONE = /^\+?[0-9()\-.\s]+$/;

export function isPlausibleEmail(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}
export function isPlausiblePhone(s: string): boolean {
  const digits = s.replace(/\D/g, '').length;
  return PHONE.test(s) && digits >= 5 && digits <= 15;
}

/**
 * Checks a submission against the project's form settings. Both the widget (to show errors
 * beside fields) and the server (to refuse) call this. An empty list means valid.
 */
export function validateOfflineForm(
  settings: OfflineFormSettings,
  s: Pick<OfflineFormSubmission, OfflineFormField>,
): { field: OfflineFormField | 'contact'; problem: OfflineFormProblem }[] {
  const problems: { field: OfflineFormField | 'contact'; problem: OfflineFormProblem }[] = [];
  const fields: OfflineFormField[] = ['name', 'phone', 'email', 'message'];
  for (const f of fields) {
    const mode = settings.fields[f];
    const value = (s[f] ?? '').trim();
    if (mode === 'off') continue;
    if (!value) {
      if (mode === 'required') problems.push({ field: f, problem: 'required' });
      continue;
    }
    if (f === 'email' && !isPlausibleEmail(value)) problems.push({ field: f, problem: 'invalid' });
    if (f === 'phone' && !isPlausiblePhone(value)) problems.push({ field: f, problem: 'invalid' });
  }
  if (settings.requireContact) {
    const shown = (['phone', 'email'] as const).filter((f) => settings.fields[f] !== 'off');
    if (shown.length > 0 && !shown.some((f) => (s[f] ?? '').trim())) problems.push({ field: 'contact', problem: 'contact_required' });
  }
  return problems;
}
