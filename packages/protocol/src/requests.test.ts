import { describe, expect, it } from 'vitest';
import { REQUEST_STATUSES, notifiesVisitor, requestStatus } from './requests';

describe('request statuses', () => {
  it('derives the status from the dialog: resolved, then waiting, then in progress, else new', () => {
    expect(requestStatus({ closed: true, waiting: true, assigned: true, replied: true })).toBe('resolved');
    expect(requestStatus({ closed: false, waiting: true, assigned: false, replied: false })).toBe('waiting');
    expect(requestStatus({ closed: false, waiting: false, assigned: true, replied: false })).toBe('in_progress');
    expect(requestStatus({ closed: false, waiting: false, assigned: false, replied: true })).toBe('in_progress');
    expect(requestStatus({ closed: false, waiting: false, assigned: false, replied: false })).toBe('new');
  });

  it('tells the visitor of "waiting" and "resolved" only (mail and the widget badge alike)', () => {
    expect(REQUEST_STATUSES.filter(notifiesVisitor)).toEqual(['waiting', 'resolved']);
  });
});
