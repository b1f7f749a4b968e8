import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { UpdateProjectBodySchema } from '@parley/protocol';
import { unknownKeys } from './unknown-keys';

describe('unknownKeys', () => {
  it('names unknown fields at any depth, through optional, partial, arrays and pipes', () => {
    const s = v.object({
      a: v.optional(v.object({ b: v.string() })),
      list: v.array(
        v.pipe(
          v.object({ x: v.number() }),
          v.check(() => true),
        ),
      ),
      free: v.record(v.string(), v.string()),
    });
    expect(unknownKeys(s, { a: { b: 'x' }, list: [{ x: 1 }], free: { anything: 'ok' } })).toEqual([]);
    expect(unknownKeys(s, { bogus: 1, a: { b: 'x', c: 2 }, list: [{ x: 1 }, { x: 2, y: 3 }] })).toEqual(['bogus', 'a.c', 'list.1.y']);
  });

  it('accepts a key that the matching option of a union declares', () => {
    const s = v.union([v.object({ id: v.string(), sig: v.string() }), v.object({ jwt: v.string() })]);
    expect(unknownKeys(s, { jwt: 'x' })).toEqual([]);
    expect(unknownKeys(s, { jwt: 'x', extra: 1 })).toEqual(['extra']);
  });

  it('covers project settings bodies (PATCH /operator/project)', () => {
    expect(unknownKeys(UpdateProjectBodySchema, { bogus: 1 })).toEqual(['bogus']);
    expect(unknownKeys(UpdateProjectBodySchema, { settings: { rating: { enabled: true, nope: 1 } } })).toEqual(['settings.rating.nope']);
    expect(unknownKeys(UpdateProjectBodySchema, { name: 'x', settings: { rating: { enabled: false } } })).toEqual([]);
  });
});
