import * as v from 'valibot';
import { ClientIdSchema, IdSchema, TimestampSchema } from './ids';
import { MAX_CUSTOM_PARAM_KEY_LENGTH, MAX_EVENT_AGE_MS, MAX_EVENT_NAME_LENGTH, MAX_EVENT_PROP_VALUE_LENGTH, MAX_EVENT_PROPS } from './limits';

/**
 * Developer events: `parley('event', 'checkout_started', { plan: 'pro', amount: 49 })` records what
 * the visitor did on the visitor's timeline, for operators to see beside the conversation.
 */

/** No control characters (they would garble the operators' timeline). */
export function isPrintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}
const printable = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max), v.check(isPrintable, 'control characters'));

export const VisitorEventNameSchema = printable(MAX_EVENT_NAME_LENGTH);
export const VisitorEventPropsSchema = v.pipe(
  v.record(
    printable(MAX_CUSTOM_PARAM_KEY_LENGTH),
    v.union([v.pipe(v.string(), v.maxLength(MAX_EVENT_PROP_VALUE_LENGTH)), v.pipe(v.number(), v.finite()), v.boolean(), v.null()]),
  ),
  v.maxEntries(MAX_EVENT_PROPS, `at most ${MAX_EVENT_PROPS} props`),
);
export type VisitorEventProps = v.InferOutput<typeof VisitorEventPropsSchema>;

/** The client frame's fields (C.EventTrack), shared with the widget's own check before it queues one. */
export const EVENT_TRACK_ENTRIES = {
  /** Makes the frame idempotent: a resend after a reconnect records the event once. */
  clientId: ClientIdSchema,
  name: VisitorEventNameSchema,
  props: v.optional(VisitorEventPropsSchema),
  /**
   * How long ago it happened, in ms by the client's clock (events wait on the device until the chat
   * connects). A duration, so a wrong client clock does not matter; the server caps it at MAX_EVENT_AGE_MS.
   */
  ago: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
};
export const EventTrackSchema = v.object(EVENT_TRACK_ENTRIES);
export type EventTrack = v.InferOutput<typeof EventTrackSchema>;

/** An event as operators see it on the visitor's timeline. */
export const VisitorEventSchema = v.object({
  id: IdSchema,
  name: v.string(),
  props: VisitorEventPropsSchema,
  /** When it happened (server clock). */
  at: TimestampSchema,
});
export type VisitorEvent = v.InferOutput<typeof VisitorEventSchema>;

/** When an event that happened `ago` ms before `now` (server clock) is recorded. */
export function eventTime(now: number, ago: number | undefined): number {
  return now - Math.min(Math.max(0, ago ?? 0), MAX_EVENT_AGE_MS);
}
