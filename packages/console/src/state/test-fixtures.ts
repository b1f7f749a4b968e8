import type { DialogSummary, Message } from '@parley/protocol';

/** Builders for unit tests of the console models. */
export function summary(id: string, extra: Partial<DialogSummary> = {}): DialogSummary {
  return {
    id,
    status: 'open',
    closeStatus: null,
    channel: 'web',
    visitor: { id: `v-${id}`, kind: 'anonymous', userId: null, name: null, email: null, phone: null, location: null, blocked: false },
    groupId: null,
    assignee: null,
    lastMessage: null,
    unread: 0,
    lastSeq: 1,
    visitorReadSeq: 0,
    rating: null,
    tags: [],
    createdAt: 1,
    updatedAt: 1,
    closedAt: null,
    ...extra,
  };
}

export function message(id: string, seq: number, extra: Partial<Message> = {}): Message {
  return { id, dialogId: 'd1', seq, author: { kind: 'visitor' }, text: `m${id}`, attachments: [], createdAt: seq * 10, ...extra };
}
