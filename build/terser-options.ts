import type { Options } from '@rollup/plugin-terser';
import type { ManglePropertiesOptions } from 'terser';

/** Packages whose bundles are embedded in site owners' pages, where every byte is paid by visitors. */
const EMBEDDED = new Set(['widget', 'multiwidget']);

const BASE: Options = {
  ecma: 2020,
  module: true,
  compress: { passes: 2, pure_getters: true },
  format: { comments: false },
};

/**
 * Property names of the widget's own in-memory objects (ui store, state, chat session, launcher)
 * that the embedded bundles shorten to a letter or two. Only these: terser renames every `.name` and
 * `name:` in a bundle, so a name here must never be read or written by anything outside the bundle
 * (server frames and config, storage and other tabs, the public API, the DOM, Preact, libraries).
 * test/architecture/mangled-props.test.ts checks each against all of those; append new names at
 * the end (a name's letter is its position).
 */
export const MANGLED_PROPS = [
  'suggestTimer',
  'loadingViews',
  'operatorReadSeq',
  'clockOffset',
  'newRequest',
  'hiddenByApi',
  'suggestFor',
  'operatorTyping',
  'readElsewhere',
  'broadcastRead',
  'setBusy',
  'fetchOlder',
  'submitPreChat',
  'mailTo',
  'submitRating',
  'preProblems',
  'submitForm',
  'markRead',
  'nextKey',
  'effective',
  'els',
  'dragging',
  'stick',
  'intent',
  'layer',
  'upTo',
] as const;

/**
 * The short names, in order: letters no property in our sources, the bundled libraries or the DOM
 * uses (the test checks: @preact/signals' own shortened properties take the lower case letters and
 * N S U W Z; Math.E and Q are DOM properties), then pairs of them.
 */
const LETTERS = 'ABCDFGHIJKLMOPRTVXY';
export const SHORT_NAMES: readonly string[] = [...LETTERS, ...[...LETTERS].flatMap((a) => [...LETTERS].map((b) => a + b))];

function mangledProps(): Record<string, string> {
  // terser's cache format: `$` + name → new name. A fixed map, so every chunk (each minified on its
  // own, in parallel) renames a property the same way.
  return Object.fromEntries(MANGLED_PROPS.map((name, i) => [`$${name}`, SHORT_NAMES[i]!]));
}

/**
 * terser's settings for a minified browser bundle (browserPlugins in rollup-common.ts). The embedded
 * bundles get the size settings below; the console keeps the plain ones.
 * Measured on the widget (brotli, a chatting visitor = loader + widget.js + chat chunk + one locale):
 * - passes 2: 3 was +43 B, 1 was +112 B.
 * - unsafe: −51 B (chat −41). It assumes the built-ins are the standard ones and turns `String(x)`
 *   into `x + ""`, `` `a${x}` `` into `"a" + x`, `new Error(m)` into `Error(m)`. The two string forms
 *   differ only for a Symbol (String() names it, `+` throws) or an object with its own valueOf:
 *   our strings are built from strings, numbers and errors.
 * - mangle.properties, only MANGLED_PROPS (`only_cache`): −103 B with unsafe (chat −108): see there.
 * Left out, measured the same way: unsafe_comps (−9 B, but it turns `!(a <= b)` into `a > b`, which
 * differs when a side is undefined/NaN, and seqs may be), unsafe_methods (+26), unsafe_arrows (+44),
 * unsafe_math (−2), unsafe_proto (+38), hoist_vars (−16 alone, +22 with unsafe), hoist_funs (+51),
 * booleans_as_integers (−91 B, but it turns `true`/`false` into 1/0 everywhere, frames and event
 * payloads included, which the server's boolean schemas reject), ascii_only (+230).
 */
export function terserOptions(pkg: string): Options {
  if (!EMBEDDED.has(pkg)) return BASE;
  return {
    ...BASE,
    compress: { ...(BASE.compress as object), unsafe: true },
    // `only_cache` and `cache` are terser options its types leave out (lib/propmangle.js, minify.js).
    mangle: { properties: { only_cache: true, cache: { props: mangledProps() } } as ManglePropertiesOptions },
  };
}
