import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { OUT_DIR, WIDGET_VALIDATORS, widgetValidatorsSources } from '../../../../scripts/gen-validators';
import { rng, sample, sameOutput } from '../../../../build/validators-fuzz';
import * as loader from './validators-loader';
import * as chat from './validators-chat';
import * as requests from './validators-requests';
import * as call from './validators-call';
import * as schedule from './validators-schedule';
import * as upload from './validators-upload';
import * as forms from './validators-forms';
import * as greetings from './validators-greetings';
import * as pageCalls from './validators-page-calls';
import { parse, type V } from '../core/check';
import { S } from '@parley/protocol';

describe('generated validators', () => {
  it('are up to date with the schemas (run `npm run gen:validators`)', () => {
    for (const [file, source] of Object.entries(widgetValidatorsSources())) expect(readFileSync(OUT_DIR + file, 'utf8'), file).toBe(source);
  });

  const generated = { ...loader, ...chat, ...upload, ...requests, ...call, ...schedule, ...forms, ...greetings, ...pageCalls } as unknown as Record<string, V>;
  for (const [name, spec] of Object.entries(WIDGET_VALIDATORS).flatMap(([, specs]) => Object.entries(specs))) {
    it(`${name} accepts, refuses and outputs exactly what valibot does`, { timeout: 60_000 }, () => {
      const check = generated[name] as V;
      const rand = rng(name.length * 7919 + 17);
      let valid = 0;
      const runs = 2000;
      for (let i = 0; i < runs; i++) {
        const input = sample(spec.schema, rand, [0, 0.02, 0.1][i % 3]);
        const want = v.safeParse(spec.schema as v.GenericSchema, input);
        const got = parse(check, input);
        if (got.ok !== want.success || (got.ok && !sameOutput(got.value, want.output))) {
          expect.fail(`${name} disagrees with valibot on ${JSON.stringify(input)}: valibot ${JSON.stringify(want.success ? want.output : want.issues.map((x) => x.message))}, generated ${JSON.stringify(got)}`);
        }
        if (want.success) valid++;
      }
      // The fuzzer must reach both sides, or the comparison proves little.
      expect(valid, 'valid samples').toBeGreaterThan(runs * 0.05);
      expect(valid, 'valid samples').toBeLessThan(runs * 0.98);
    });
  }

  // A newer server may add error codes: the request must still fail with the server's message.
  it('accept an error code this build does not know, in a frame and in an HTTP error body', () => {
    const frame = { type: S.Error, code: 'a_code_from_a_newer_server', message: 'Not now', clientId: 'client-id-1', retryable: false };
    expect(parse(chat.checkServerFrame, frame)).toMatchObject({ ok: true, value: { code: 'a_code_from_a_newer_server', message: 'Not now' } });
    expect(parse(upload.checkApiError, { error: { code: 'a_code_from_a_newer_server', message: 'Not now' } }).ok).toBe(true);
    // Still a short string: no code at all, or a number, is refused.
    expect(parse(chat.checkServerFrame, { ...frame, code: 7 })).toEqual({ ok: false, path: 'code' });
    expect(parse(chat.checkServerFrame, { ...frame, code: 'x'.repeat(65) })).toEqual({ ok: false, path: 'code' });
  });

  it('report the path of the first problem', () => {
    expect(parse(loader.checkPageFilter, { enabled: true, rules: 3 })).toEqual({ ok: false, path: 'rules' });
    expect(parse(loader.checkDevices, ['desktop', 'tv'])).toEqual({ ok: false, path: '1' });
    expect(parse(loader.checkAppearance, { color: '#000000', size: 3 })).toEqual({ ok: false, path: 'size' });
  });
});
