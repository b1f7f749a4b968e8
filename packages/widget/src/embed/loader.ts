/**
 * Entry of the one-script embed, imported by dist/widget.js: the global `parley(...)` facade over
 * the same widget the ESM package exports.
 */
import { install } from './facade';

declare const __PARLEY_VERSION__: string;

export function boot(script: HTMLScriptElement | null): void {
  try {
    install(window, document, script, typeof __PARLEY_VERSION__ === 'string' ? __PARLEY_VERSION__ : 'dev');
  } catch (err) {
    console.warn('Parley: the widget could not start', err);
  }
}
