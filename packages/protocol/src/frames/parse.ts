import * as v from 'valibot';
import { ClientFrameSchema, type ClientFrame } from './client';
import { ServerFrameSchema, type ServerFrame } from './server';
import { C } from './types';
import { MAX_FRAME_BYTES, MAX_MESSAGE_LENGTH, MAX_SERVER_FRAME_BYTES } from '../limits';
import type { ErrorCode } from '../errors';

export interface FrameError {
  code: Extract<ErrorCode, 'bad_frame' | 'frame_too_large' | 'message_too_long'>;
  /** Developer-facing detail (not for visitors: use errorText(code, locale) for that). */
  detail: string;
  /** Paths of the fields that failed, e.g. ["text"], ["device", "type"]. */
  issues: string[];
  /** The frame's type and clientId when they could be read, so the error can answer the right request. */
  type?: string;
  clientId?: string;
}
export type ParseResult<T> = { ok: true; frame: T } | { ok: false; error: FrameError };

/** UTF-8 byte length without TextEncoder (not in the ES2022 lib this package compiles against). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

function readable(raw: unknown): { type?: string; clientId?: string } {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const out: { type?: string; clientId?: string } = {};
  if (typeof r.type === 'string' && r.type.length <= 64) out.type = r.type;
  if (typeof r.clientId === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(r.clientId)) out.clientId = r.clientId;
  return out;
}

/**
 * A frame variant's option per `type`, when every option is an object with a literal `type` of its
 * own (null otherwise): a frame is then checked against its own option alone. valibot's variant
 * tries the options in order and, for each one before the match, builds an issue with its message
 * text (a message.send went through three of them: 2.2 us a frame, 1.7 us this way). Only the
 * outcome of a valid frame is taken from here; a frame its option refuses goes through the variant,
 * so every error reads as before.
 */
/** @internal exported for its test */
export function optionsByType<T>(schema: v.GenericSchema<unknown, T>): Map<string, v.GenericSchema<unknown, T>> | null {
  const options = (schema as { type: string; options?: readonly unknown[] }).options;
  if ((schema as { type: string }).type !== 'variant' || !options) return null;
  const byType = new Map<string, v.GenericSchema<unknown, T>>();
  for (const o of options as { entries?: Record<string, { type: string; literal?: unknown }> }[]) {
    const t = o.entries?.type;
    if (!t || t.type !== 'literal' || typeof t.literal !== 'string' || byType.has(t.literal)) return null;
    byType.set(t.literal, o as unknown as v.GenericSchema<unknown, T>);
  }
  return byType;
}

const dispatch = new WeakMap<object, Map<string, v.GenericSchema<unknown, unknown>> | null>();

function ownOption<T>(schema: v.GenericSchema<unknown, T>, raw: unknown): v.GenericSchema<unknown, T> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string') return undefined;
  let byType = dispatch.get(schema);
  if (byType === undefined) {
    byType = optionsByType(schema);
    dispatch.set(schema, byType);
  }
  return byType?.get(type) as v.GenericSchema<unknown, T> | undefined;
}

function parseWith<T>(schema: v.GenericSchema<unknown, T>, input: unknown, maxBytes: number): ParseResult<T> {
  let raw = input;
  if (typeof input === 'string') {
    // Cheap bound first: a UTF-16 string of n units is at least n bytes of UTF-8.
    if (input.length > maxBytes || utf8Length(input) > maxBytes) {
      return { ok: false, error: { code: 'frame_too_large', detail: `frame larger than ${maxBytes} bytes`, issues: [] } };
    }
    try {
      raw = JSON.parse(input);
    } catch {
      return { ok: false, error: { code: 'bad_frame', detail: 'not JSON', issues: [] } };
    }
  }
  const own = ownOption(schema, raw);
  if (own) {
    const mine = v.safeParse(own, raw);
    if (mine.success) return { ok: true, frame: mine.output };
  }
  const result = v.safeParse(schema, raw);
  if (result.success) return { ok: true, frame: result.output };
  const issues = result.issues.map((i) => v.getDotPath(i) ?? '(root)');
  const known = readable(raw);
  const r = raw as Record<string, unknown>;
  // A too-long message is the visitor's doing, not a broken client: give it its own code and text.
  const tooLong = known.type === C.MessageSend && typeof r.text === 'string' && r.text.length > MAX_MESSAGE_LENGTH;
  return {
    ok: false,
    error: {
      code: tooLong ? 'message_too_long' : 'bad_frame',
      detail: result.issues
        .map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`)
        .join('; ')
        .slice(0, 500),
      issues,
      ...known,
    },
  };
}

/** Validates a frame from a visitor (a JSON string or an already parsed value). Never throws. */
export function parseClientFrame(input: unknown, maxBytes = MAX_FRAME_BYTES): ParseResult<ClientFrame> {
  return parseWith(ClientFrameSchema, input, maxBytes);
}

/** Validates a frame from the server. Never throws. Unknown frame types are errors the client ignores. */
export function parseServerFrame(input: unknown, maxBytes = MAX_SERVER_FRAME_BYTES): ParseResult<ServerFrame> {
  return parseWith(ServerFrameSchema, input, maxBytes);
}
