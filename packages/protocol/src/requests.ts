import * as v from 'valibot';
import type { Locale } from './locales';

/**
 * Requests (issue 19): every dialog is also a request with a short number per project (`#1042`)
 * and a status the visitor sees live. One rule, here, for the server (lists, "My requests") and
 * the widget (the header, updated from the dialog's events).
 */
export const REQUEST_STATUSES = ['new', 'in_progress', 'waiting', 'resolved'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const RequestStatusSchema = v.picklist(REQUEST_STATUSES);
/** A request's subject (the one the visitor gave, or its first message) is cut to this many characters. */
export const REQUEST_SUBJECT_LENGTH = 120;

export const RequestNumberSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));

/**
 * A request's status from its dialog: resolved once closed; "waiting for the client" while an
 * operator's mark stands (the visitor's next message clears it); in progress once an operator
 * replied or was assigned; new before that.
 */
export function requestStatus(d: { closed: boolean; waiting: boolean; assigned: boolean; replied: boolean }): RequestStatus {
  if (d.closed) return 'resolved';
  if (d.waiting) return 'waiting';
  return d.assigned || d.replied ? 'in_progress' : 'new';
}

/**
 * The status changes the visitor is told of (by mail from the server, on the widget's badge): "waiting"
 * and "resolved". "In progress" comes with the operator's reply (mailed and counted as a message) or
 * assignment; "new" only with the visitor's own (re)opening.
 */
export const notifiesVisitor = (s: RequestStatus): boolean => s === 'waiting' || s === 'resolved';

/** How a request number is written for people: `#1042`. */
export function requestLabel(n: number): string {
  return `#${n}`;
}

/**
 * The statuses' names for operators and mail (the widget has its own, overridable, under
 * `request.*` in its texts). ru as the specification words them ("Принято", "В обработке", "Решено").
 */
export const REQUEST_STATUS_NAMES: Readonly<Record<Locale, Readonly<Record<RequestStatus, string>>>> = {
  ru: { new: 'Принято', in_progress: 'В обработке', waiting: 'Ожидает ответа клиента', resolved: 'Решено' },
  en: { new: 'Received', in_progress: 'In progress', waiting: 'Waiting for the client', resolved: 'Resolved' },
  fr: { new: 'Reçue', in_progress: 'En cours de traitement', waiting: 'En attente du client', resolved: 'Résolue' },
};
