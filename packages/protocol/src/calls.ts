import * as v from 'valibot';
import { ClientIdSchema, IdSchema, TimestampSchema } from './ids';
import { OperatorPublicSchema } from './entities';
import type { Locale } from './locales';

/**
 * Voice and video calls (issue 19): WebRTC between the visitor's widget and one operator's console,
 * signalled over the two sockets. The server relays only between the visitor of a dialog and the
 * operators who may see it, and keeps the call's state (who rang, who answered, since when); the
 * media go peer to peer (or through the project's TURN server).
 *
 * Flow: either side sends `call.ring`; the other side's `call.accept` makes the server send
 * `call.started` (with the project's STUN/TURN servers) to the two connections in the call; the
 * operator's console then sends `call.offer`, the widget `call.answer`, both `call.ice`. Either
 * side's `call.hangup` (or `call.decline` while it rings, or a closed socket) makes the server
 * send `call.ended` to both and write the call's line into the dialog.
 */
export const CALL = {
  /** Rings the other side: an operator calls the visitor of a dialog, or the visitor asks for a call. */
  Ring: 'call.ring',
  /** Answers a ringing call. */
  Accept: 'call.accept',
  /** Refuses a ringing call. */
  Decline: 'call.decline',
  /** Ends the call (or stops ringing). */
  Hangup: 'call.hangup',
  /** The WebRTC offer (the operator's console makes it, after call.started). Relayed. */
  Offer: 'call.offer',
  /** The WebRTC answer (the widget's). Relayed. */
  Answer: 'call.answer',
  /** A trickled ICE candidate. Relayed. */
  Ice: 'call.ice',
  /** Server only: the call was answered; both connections in it get the ICE servers. */
  Started: 'call.started',
  /** Server only: the call is over (or never started). */
  Ended: 'call.ended',
} as const;

/** How long a call rings before it counts as missed. */
export const CALL_RING_MS = 45_000;
/** SDP of a few tracks is a few KB; the limit leaves room for many codecs and candidates. */
export const MAX_SDP_LENGTH = 60_000;

/** Client-made call ids (like message clientIds): 128 random bits, base64url. */
export const CallIdSchema = ClientIdSchema;

/** One STUN or TURN server, as RTCPeerConnection takes it. */
export const IceServerSchema = v.strictObject({
  urls: v.pipe(
    v.array(
      v.pipe(v.string(), v.trim(), v.maxLength(512), v.regex(/^(stun|stuns|turn|turns):[^\s/?#]+(\?transport=(udp|tcp))?$/i, 'a stun:, turn: or turns: URL')),
    ),
    v.minLength(1),
    v.maxLength(8),
  ),
  username: v.optional(v.pipe(v.string(), v.maxLength(256))),
  credential: v.optional(v.pipe(v.string(), v.maxLength(256))),
});
export type IceServer = v.InferOutput<typeof IceServerSchema>;

/**
 * A project's call settings (private: the TURN credentials reach a widget only inside
 * `call.started`, never in the public config).
 */
export const CallSettingsSchema = v.object({
  /** Visitors may ask for a call, operators may call visitors. */
  enabled: v.boolean(),
  /** Empty: host candidates only (enough on one network; add STUN/TURN for the internet). */
  iceServers: v.pipe(v.array(IceServerSchema), v.maxLength(8)),
});
export type CallSettings = v.InferOutput<typeof CallSettingsSchema>;
export const DEFAULT_CALL_SETTINGS: CallSettings = { enabled: true, iceServers: [] };

const sdp = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_SDP_LENGTH));
/** RTCIceCandidateInit. */
export const IceCandidateSchema = v.strictObject({
  candidate: v.pipe(v.string(), v.maxLength(2048)),
  sdpMid: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
  sdpMLineIndex: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(255)))),
  usernameFragment: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(256)))),
});
export type IceCandidate = v.InferOutput<typeof IceCandidateSchema>;

const id = { callId: CallIdSchema };
/** Why a call ended: hung up, declined, not answered in time, answered elsewhere, a party went away, calls are off, or the dialog cannot be called. */
export const CALL_END_REASONS = ['hangup', 'declined', 'missed', 'taken', 'gone', 'unavailable'] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

// Frames both sides send (strict: unknown fields are refused).
const accept = v.strictObject({ type: v.literal(CALL.Accept), ...id });
const decline = v.strictObject({ type: v.literal(CALL.Decline), ...id });
const hangup = v.strictObject({ type: v.literal(CALL.Hangup), ...id });
const offer = v.strictObject({ type: v.literal(CALL.Offer), ...id, sdp });
const answer = v.strictObject({ type: v.literal(CALL.Answer), ...id, sdp });
const ice = v.strictObject({ type: v.literal(CALL.Ice), ...id, candidate: IceCandidateSchema });

/** After the ring, both sides send the same frames. */
const answering = [accept, decline, hangup, offer, answer, ice] as const;

/** What the widget sends about calls (on the visitor socket; the dialog is the one it follows). */
export const VisitorCallFrameSchema = v.variant('type', [v.strictObject({ type: v.literal(CALL.Ring), ...id, video: v.boolean() }), ...answering]);
export type VisitorCallFrame = v.InferOutput<typeof VisitorCallFrameSchema>;

/** What the console sends about calls (on the operator socket). */
export const OperatorCallFrameSchema = v.variant('type', [
  v.strictObject({ type: v.literal(CALL.Ring), ...id, dialogId: IdSchema, video: v.boolean() }),
  ...answering,
]);
export type OperatorCallFrame = v.InferOutput<typeof OperatorCallFrameSchema>;

const started = { type: v.literal(CALL.Started), ...id, video: v.boolean(), startedAt: TimestampSchema, iceServers: v.array(IceServerSchema) };
const ended = {
  type: v.literal(CALL.Ended),
  ...id,
  reason: v.picklist(CALL_END_REASONS),
  durationMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
};
const relayed = [offer, answer, ice] as const;

/** What the server sends the widget about calls. */
export const CallToVisitorFrameSchema = v.variant('type', [
  // An operator calls.
  v.object({ type: v.literal(CALL.Ring), ...id, video: v.boolean(), operator: OperatorPublicSchema }),
  v.object(started),
  v.object(ended),
  ...relayed,
]);
export type CallToVisitorFrame = v.InferOutput<typeof CallToVisitorFrameSchema>;

/** What the server sends the console about calls. */
export const CallToOperatorFrameSchema = v.variant('type', [
  // The visitor of a dialog asks for a call (to every operator who may see the dialog).
  v.object({ type: v.literal(CALL.Ring), ...id, dialogId: IdSchema, video: v.boolean() }),
  v.object({ ...started, dialogId: IdSchema }),
  v.object({ ...ended, dialogId: IdSchema }),
  ...relayed,
]);
export type CallToOperatorFrame = v.InferOutput<typeof CallToOperatorFrameSchema>;

/** "02:13", "1:02:13". */
export function callDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The call's lines in the dialog (system messages, in the project's default language). */
export const CALL_LINES: Record<
  Locale,
  { started: (video: boolean) => string; ended: (video: boolean, d: string) => string; missed: string; declined: string }
> = {
  ru: {
    started: (video) => (video ? 'Видеозвонок начался' : 'Звонок начался'),
    ended: (video, d) => `${video ? 'Видеозвонок' : 'Звонок'} завершён, длительность ${d}`,
    missed: 'Пропущенный звонок',
    declined: 'Звонок отклонён',
  },
  en: {
    started: (video) => (video ? 'Video call started' : 'Call started'),
    ended: (video, d) => `${video ? 'Video call' : 'Call'} ended, duration ${d}`,
    missed: 'Missed call',
    declined: 'Call declined',
  },
  fr: {
    started: (video) => (video ? 'Appel vidéo commencé' : 'Appel commencé'),
    ended: (video, d) => `${video ? 'Appel vidéo' : 'Appel'} terminé, durée ${d}`,
    missed: 'Appel manqué',
    declined: 'Appel refusé',
  },
};
