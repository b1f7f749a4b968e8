import type { Options } from '@rollup/plugin-terser';

/** Packages whose bundles are embedded in site owners' pages, where every byte is paid by visitors. */
const EMBEDDED = new Set(['widget', 'multiwidget']);

const BASE: Options = {
  ecma: 2020,
  module: true,
  compress: { passes: 2, pure_getters: true },
  format: { comments: false },
};

/**
 * terser's settings for a minified browser bundle (browserPlugins in rollup-common.ts). The embedded
 * bundles get the size settings below; the console keeps the plain ones.
 * Measured on the widget (brotli, a chatting visitor = loader + widget.js + chat chunk + one locale):
 * - passes 2: 3 was +43 B, 1 was +112 B.
 * - unsafe: −51 B (chat −41). It assumes the built-ins are the standard ones and turns `String(x)`
 *   into `x + ""`, `` `a${x}` `` into `"a" + x`, `new Error(m)` into `Error(m)`. The two string forms
 *   differ only for a Symbol (String() names it, `+` throws) or an object with its own valueOf:
 *   our strings are built from strings, numbers and errors.
 * Left out, measured the same way: unsafe_comps (−9 B, but it turns `!(a <= b)` into `a > b`, which
 * differs when a side is undefined/NaN, and seqs may be), unsafe_methods (+26), unsafe_arrows (+44),
 * unsafe_math (−2), unsafe_proto (+38), hoist_vars (−16 alone, +22 with unsafe), hoist_funs (+51),
 * booleans_as_integers (−91 B, but it turns `true`/`false` into 1/0 everywhere, frames and event
 * payloads included, which the server's boolean schemas reject), ascii_only (+230).
 */
export function terserOptions(pkg: string): Options {
  if (!EMBEDDED.has(pkg)) return BASE;
  return { ...BASE, compress: { ...(BASE.compress as object), unsafe: true } };
}
