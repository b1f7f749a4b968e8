import { describe, it, expect } from 'vitest';
import { CLIENT_ERROR_CODES, ERROR_CODES, clientErrorText, errorText, isRetryable } from './errors';
import { LOCALES } from './locales';

describe('errorText', () => {
  it('has a non-empty text for every code in every built-in locale', () => {
    for (const code of ERROR_CODES) for (const l of LOCALES) expect(errorText(code, l).length, `${code}/${l}`).toBeGreaterThan(3);
  });
  it('keeps the product document wording for unsupported files', () => {
    expect(errorText('unsupported_file_type', 'ru')).toBe('Данный тип файла не поддерживается. Ваше сообщение не доставлено');
    expect(errorText('unsupported_file_type', 'en')).toBe('This file type is not supported. Your message was not delivered.');
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(errorText('file_too_large', 'en', { limit: '5 MB' })).toBe('The file is too large (5 MB at most). Your message was not delivered.');
    expect(errorText('file_too_large', 'en')).toContain('{limit}');
  });
  it('marks only transient failures as retryable', () => {
    expect(ERROR_CODES.filter(isRetryable)).toEqual(['rate_limited', 'internal']);
  });
});

describe('clientErrorText', () => {
  it('is the same text as errorText for every code a client detects itself', () => {
    for (const code of CLIENT_ERROR_CODES) {
      for (const l of LOCALES) expect(clientErrorText(code, l, { limit: 7 })).toBe(errorText(code, l, { limit: 7 }));
    }
  });
});
