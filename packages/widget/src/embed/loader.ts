/**
 * Entry of the one-script embed, imported by dist/widget.js: the global `parley(...)` facade over
 * the same widget the ESM package exports.
 */
import { install } from './facade';
import { warn } from '../core/warn';
import type { EarlyWidgets } from './early';

declare const __PARLEY_VERSION__: string;

export function boot(script: HTMLScriptElement | null, early?: EarlyWidgets): void {
  try {
    install(window, document, script, typeof __PARLEY_VERSION__ === 'string' ? __PARLEY_VERSION__ : 'dev', early);
  } catch (err) {
    warn('the widget could not start', err);
  }
}
