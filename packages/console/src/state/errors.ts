import { ERROR_CODES, errorText } from '@parley/protocol';
import { ApiFailure } from '../api/http';
import type { I18n } from '../i18n/i18n';

/** The text an operator reads for any failure, in the console's language. */
export function describeError(e: unknown, i18n: I18n): string {
  if (e instanceof ApiFailure) {
    if (e.code === 'network') return i18n.t('error.network');
    if (e.code === 'bad_response') return i18n.t('error.badResponse');
    if ((ERROR_CODES as readonly string[]).includes(e.code)) {
      const text = errorText(e.code, i18n.locale.value);
      // Texts with a {limit} only the server knows: its own message carries the number.
      return /\{\w+\}/.test(text) && e.message ? e.message : text;
    }
  }
  return i18n.t('error.unknown');
}
