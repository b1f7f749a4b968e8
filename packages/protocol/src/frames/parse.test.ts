import { describe, it, expect } from 'vitest';
import * as v from 'valibot';
import { optionsByType, parseClientFrame, parseServerFrame, utf8Length } from './parse';
import { ClientFrameSchema } from './client';
import { ServerFrameSchema } from './server';
import { C, S } from './types';
import { MAX_FRAME_BYTES, MAX_MESSAGE_LENGTH } from '../limits';

const device = { type: 'desktop', browser: { name: 'Chrome', version: '127.0.0.0' } };
const hello = { type: C.Hello, v: 1, project: 'demo', device };

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['окна', 8],
    ['€', 3],
    ['😀', 4],
    ['a😀b', 6],
    ['\ud83d', 3], // lone surrogate is encoded as U+FFFD (3 bytes)
  ])('%j is %d bytes', (s, n) => expect(utf8Length(s)).toBe(n));
});

describe('parseClientFrame', () => {
  it('accepts a minimal hello from a JSON string and fills defaults', () => {
    const r = parseClientFrame(JSON.stringify(hello));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.frame.type).toBe(C.Hello);
    if (r.frame.type !== C.Hello) return;
    expect(r.frame.device.webview).toBe(false);
    expect(r.frame.device.channel).toBe('web');
  });

  it('accepts an already parsed object', () => {
    const r = parseClientFrame({ type: C.MessageSend, clientId: 'abcdefgh12', text: 'Привет' });
    expect(r).toMatchObject({ ok: true, frame: { type: C.MessageSend, text: 'Привет', attachments: [] } });
  });

  it('strips unknown keys instead of passing them on', () => {
    const r = parseClientFrame({ type: C.Ping, evil: '<script>' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(Object.keys(r.frame)).toEqual(['type']);
  });

  it.each([
    ['not JSON', '{type:', 'bad_frame'],
    ['JSON null', 'null', 'bad_frame'],
    ['an array', '[]', 'bad_frame'],
    ['unknown type', JSON.stringify({ type: 'message.explode' }), 'bad_frame'],
    ['missing type', JSON.stringify({ text: 'hi' }), 'bad_frame'],
    ['short client id', JSON.stringify({ type: C.MessageSend, clientId: 'abc', text: 'x' }), 'bad_frame'],
    ['client id with slash', JSON.stringify({ type: C.MessageSend, clientId: 'abc/def/ghi', text: 'x' }), 'bad_frame'],
    ['rating 6', JSON.stringify({ type: C.RatingSubmit, clientId: 'abcdefgh', dialogId: 'd1', score: 6 }), 'bad_frame'],
    ['rating 0', JSON.stringify({ type: C.RatingSubmit, clientId: 'abcdefgh', dialogId: 'd1', score: 0 }), 'bad_frame'],
    ['rating 2.5', JSON.stringify({ type: C.RatingSubmit, clientId: 'abcdefgh', dialogId: 'd1', score: 2.5 }), 'bad_frame'],
    ['bad project id', JSON.stringify({ ...hello, project: '../etc' }), 'bad_frame'],
    ['bad device type', JSON.stringify({ ...hello, device: { type: 'fridge' } }), 'bad_frame'],
    ['negative seq', JSON.stringify({ type: C.Read, dialogId: 'd1', seq: -1 }), 'bad_frame'],
    ['11 attachments', JSON.stringify({ type: C.MessageSend, clientId: 'abcdefgh', text: '', attachments: Array(11).fill('f1') }), 'bad_frame'],
  ])('refuses %s with %s and never throws', (_name, input, code) => {
    const r = parseClientFrame(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('names the failing field and echoes the request clientId', () => {
    const r = parseClientFrame({ type: C.RatingSubmit, clientId: 'abcdefgh', dialogId: 'd1', score: 9 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.issues).toEqual(['score']);
    expect(r.error.clientId).toBe('abcdefgh');
    expect(r.error.type).toBe(C.RatingSubmit);
  });

  it('gives message_too_long for a text one unit over the limit, and accepts exactly the limit', () => {
    const ok = parseClientFrame({ type: C.MessageSend, clientId: 'abcdefgh', text: 'я'.repeat(MAX_MESSAGE_LENGTH) });
    expect(ok.ok).toBe(true);
    const r = parseClientFrame({ type: C.MessageSend, clientId: 'abcdefgh', text: 'я'.repeat(MAX_MESSAGE_LENGTH + 1) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'message_too_long', clientId: 'abcdefgh' });
  });

  it('refuses frames over the byte limit before parsing them', () => {
    const big = JSON.stringify({ type: C.Typing, typing: true, draft: 'x'.repeat(MAX_FRAME_BYTES) });
    const r = parseClientFrame(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('frame_too_large');
    // Multi-byte characters count as bytes, not UTF-16 units.
    const cyr = JSON.stringify({ type: C.Typing, typing: true, draft: 'я'.repeat(MAX_FRAME_BYTES / 2) });
    expect(cyr.length).toBeLessThan(MAX_FRAME_BYTES + 100);
    const r2 = parseClientFrame(cyr);
    expect(!r2.ok && r2.error.code).toBe('frame_too_large');
  });

  it('keeps a claimed id without signature parseable so the server can answer identity_invalid', () => {
    const r = parseClientFrame({ ...hello, identity: { id: 'user-42' } });
    expect(r.ok).toBe(true);
  });

  it('accepts the JWT identity form and custom params with null removal', () => {
    const r = parseClientFrame({ ...hello, identity: { jwt: 'a.b.c' }, params: { product: 'Установка окон', office: null } });
    expect(r.ok).toBe(true);
  });
});

describe('parseServerFrame', () => {
  const message = {
    id: 'm1',
    dialogId: 'd1',
    seq: 2,
    author: { kind: 'operator', id: 'o1', name: 'Анна' },
    text: 'Здравствуйте',
    attachments: [],
    createdAt: 1700000000000,
  };
  it('accepts a sequenced message.new', () => {
    const r = parseServerFrame({ type: S.MessageNew, dialogId: 'd1', seq: 2, message });
    expect(r.ok).toBe(true);
  });
  it('accepts a welcome', () => {
    const r = parseServerFrame({
      type: S.Welcome,
      v: 1,
      token: 'A'.repeat(22),
      visitor: { kind: 'anonymous' },
      dialog: null,
      sync: 'none',
      cursor: 0,
      presence: { operatorsOnline: true, scheduleOpen: true, nextChange: null },
      configVersion: 'abc',
      serverTime: 1,
    });
    expect(r.ok).toBe(true);
  });
  it('refuses an error frame with an unknown code', () => {
    const r = parseServerFrame({ type: S.Error, code: 'kaboom', message: 'x', retryable: false });
    expect(r.ok).toBe(false);
  });
  it('refuses a message whose author kind is unknown', () => {
    const r = parseServerFrame({ type: S.MessageNew, dialogId: 'd1', seq: 2, message: { ...message, author: { kind: 'bot' } } });
    expect(r.ok).toBe(false);
  });
});

describe('frames checked against their own option', () => {
  it('both frame variants have one object option per type (or the variant would run for every frame)', () => {
    expect(optionsByType(ClientFrameSchema)?.size).toBe(ClientFrameSchema.options.length);
    expect(optionsByType(ServerFrameSchema)?.size).toBe(ServerFrameSchema.options.length);
  });

  it('a variant with two options of one type is not split', () => {
    const twice = v.variant('type', [v.object({ type: v.literal('a'), n: v.number() }), v.object({ type: v.literal('a'), s: v.string() })]);
    expect(optionsByType(twice)).toBeNull();
  });

  it.each([
    hello,
    { type: C.MessageSend, clientId: 'abcdefgh12', text: 'hi', extra: 1 },
    { type: C.MessageSend, clientId: 'abcdefgh12', text: 'hi', attachments: ['abcdefghijklmnopqrstuv'], subject: '' },
    { type: C.Ping, t: 3 },
    { type: C.Typing, typing: true, draft: 'x' },
    { type: C.Read, dialogId: 'abcdefghijklmnopqrstuv', seq: 4 },
  ])('gives what the variant gives: %j', (frame) => {
    const r = parseClientFrame(JSON.stringify(frame));
    const whole = v.safeParse(ClientFrameSchema, frame);
    expect(r.ok).toBe(whole.success);
    if (r.ok && whole.success) expect(r.frame).toStrictEqual(whole.output);
  });
});
