import { randomId } from './crypto';

let counter = 0;

/**
 * Ids that sort in the order rows were made, unique within a millisecond (one event may make many
 * rows): the outboxes' and the webhook delivery log's order.
 */
export function sortableId(now: number): string {
  counter = (counter + 1) % 1_000_000;
  return `${sortableIdBound(now)}${counter.toString(36).padStart(4, '0')}${randomId(6)}`;
}

/** Every id made at or after `at` sorts at or above this (the time part of sortableId). */
export function sortableIdBound(at: number): string {
  return at.toString(36).padStart(9, '0');
}

/**
 * A message's id: its time first, then 96 random bits. Ids made together sit together in the
 * messages' id index, so a commit of many messages writes the index's last page or two, not a
 * page per message (random ids did: 0.48 of the 2.24 pages a message cost at 1000 senders). The
 * time is no secret: the message carries it. Older random ids stay as they are.
 */
export function messageId(now: number): string {
  return `${sortableIdBound(now)}${randomId(12)}`;
}
