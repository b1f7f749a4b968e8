/**
 * Page filter: on which pages of a site the widget appears ("Use page filter").
 *
 * The owner types entries separated by commas or newlines; `!` before an entry excludes pages.
 * Semantics (each one is covered by page-filter.test.ts):
 * - An exclusion always wins. With no include entries every page is included (minus exclusions).
 *   A disabled or missing filter, or an enabled one with no entries, allows every page.
 * - Entry kinds:
 *   - full URL `https://shop.example.com/pricing`: scheme, host and path must match;
 *   - host + path `shop.example.com/pricing` (or `//shop.example.com/pricing`): any scheme;
 *   - path `/pricing`: any host;
 *   - an entry starting with `*` then `/` is a path pattern on any host ("*" + "/checkout" means any
 *     path ending in /checkout); `*` alone is every page;
 *   - a query alone (`?utm_source=ads`) is any page whose query matches.
 *   A host alone (`shop.example.com`, `https://shop.example.com`) means that host's home page,
 *   as in URLs; write `shop.example.com/*` for the whole site.
 * - `*` matches any run of characters (also empty, also `/`). Nothing else is special: `.`, `+`,
 *   `(`, `?` inside a query, etc. are literal. Host and path are matched separately, so a `*` in a
 *   host never reaches into the path (`https://*.example.com/` cannot match `evil.com/a.example.com/`).
 *   `*.example.com` does not match `example.com` itself (the dot is literal).
 * - Scheme and host are case-insensitive (punycode `xn--` labels are decoded, so `окна.рф` matches
 *   `xn--80atjc.xn--p1ai`); paths and queries are case-sensitive, as in HTTP.
 * - Default ports are ignored (`:80` for http/ws, `:443` for https/wss; in a scheme-less entry both).
 *   Any other port must be written in the entry. Userinfo (`user@`) and a trailing dot in the host are ignored.
 * - The fragment (`#...`) is ignored. Trailing slashes are ignored: `/pricing` == `/pricing/`, and
 *   `/blog/*` also matches `/blog` itself. The path `/` matches only the home page; `/*` every page.
 * - Query: an entry without a query (or with an empty one, `/a?`) ignores the page's query. An entry
 *   with a query must match the page's whole query string (`*` allowed, parameter order matters):
 *   `/search?q=*` matches `/search?q=shoes`, not `/search?page=2&q=shoes`; `/search?*q=*` matches both.
 * - Percent-encoding: both sides are decoded before comparing (`/%D0%BE%D0%BA%D0%BD%D0%B0` == `/окна`).
 *   Encoded characters that would change the structure stay encoded on both sides (`%25 %2F %3F %23 %2A`,
 *   and in queries also `%26 %3D %2B`); malformed sequences stay as typed and never throw.
 * - Commas always separate entries; a comma inside a query must be typed as `%2C`.
 * - parsePageRules is lenient (it keeps entries validatePageRules flags, dropping only a lone `!` and
 *   entries that can match nothing); validatePageRules is for the settings form.
 * Matching uses a two-pointer glob matcher: O(pattern × text) worst case, never exponential.
 */
import * as v from 'valibot';

export const PageFilterSchema = v.object({ enabled: v.boolean(), rules: v.pipe(v.string(), v.maxLength(10000)) });
export type PageFilter = v.InferOutput<typeof PageFilterSchema>;

export interface PageRule {
  exclude: boolean;
  /** Normalized (decoded, lower-case host, no fragment, no default port, no trailing slash). Build with parsePageRules. */
  pattern: string;
}

export const MAX_PAGE_RULE_LENGTH = 2048;

export type PageRuleError = 'too_long' | 'empty_exclusion' | 'double_exclusion' | 'whitespace' | 'missing_host';

// `*` is allowed in an entry's scheme; a page's scheme never contains it.
const ENTRY_SCHEME_RE = /^([a-z*][a-z0-9+.\-*]*):\/\//i;
const PAGE_SCHEME_RE = /^([a-z][a-z0-9+.-]*):\/\//i;
const STAR_HOST_RE = /^\*+(?:\/|$)/;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443', ws: '80', wss: '443' };
const PATH_KEEP: ReadonlySet<string> = new Set(['25', '2F', '3F', '23', '2A']);
const QUERY_KEEP: ReadonlySet<string> = new Set(['25', '2F', '3F', '23', '2A', '26', '3D', '2B']);

export function parsePageRules(text: string): PageRule[] {
  const rules: PageRule[] = [];
  for (const entry of splitEntries(text)) {
    const exclude = entry.startsWith('!');
    const body = exclude ? entry.slice(1).trim() : entry;
    if (body === '') continue;
    const pattern = normalizeEntry(body);
    if (pattern !== null) rules.push({ exclude, pattern });
  }
  return rules;
}

/** For the settings form: one error per bad entry, with a machine-readable reason. */
export function validatePageRules(text: string): { ok: true } | { ok: false; errors: { entry: string; reason: PageRuleError }[] } {
  const errors: { entry: string; reason: PageRuleError }[] = [];
  for (const entry of splitEntries(text)) {
    const reason = entryError(entry);
    if (reason) errors.push({ entry, reason });
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

export function matchesPageRules(rules: PageRule[] | string, url: string): boolean {
  const list = typeof rules === 'string' ? parsePageRules(rules) : Array.isArray(rules) ? rules : [];
  const page = parsePage(typeof url === 'string' ? url : '');
  let hasInclude = false;
  let included = false;
  for (const rule of list) {
    if (!rule || typeof rule.pattern !== 'string') continue;
    if (rule.exclude) {
      if (ruleMatches(rule.pattern, page)) return false;
    } else {
      hasInclude = true;
      if (!included && ruleMatches(rule.pattern, page)) included = true;
    }
  }
  return !hasInclude || included;
}

export function pageAllowed(filter: PageFilter | undefined, url: string): boolean {
  if (!filter || filter.enabled !== true) return true;
  return matchesPageRules(typeof filter.rules === 'string' ? filter.rules : '', url);
}

function splitEntries(text: string): string[] {
  if (typeof text !== 'string') return [];
  return text
    .split(/[,\r\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function entryError(entry: string): PageRuleError | null {
  if (entry.length > MAX_PAGE_RULE_LENGTH) return 'too_long';
  const exclude = entry.startsWith('!');
  const body = exclude ? entry.slice(1).trim() : entry;
  if (body === '') return 'empty_exclusion';
  if (exclude && body.startsWith('!')) return 'double_exclusion';
  if (/\s/.test(body)) return 'whitespace';
  if (normalizeEntry(body) === null) return 'missing_host';
  return null;
}

interface PageParts {
  scheme: string;
  /** Lower-case host plus `:port` when the port is not the scheme's default; '' when unknown. */
  host: string;
  /** Decoded path without trailing slashes; '/' for the home page. */
  path: string;
  /** Decoded query without '?'; '' when absent. */
  query: string;
}

function stripQueryAndHash(s: string): { main: string; query: string | null } {
  const hash = s.indexOf('#');
  const noHash = hash < 0 ? s : s.slice(0, hash);
  const q = noHash.indexOf('?');
  return q < 0 ? { main: noHash, query: null } : { main: noHash.slice(0, q), query: noHash.slice(q + 1) };
}

function parsePage(url: string): PageParts {
  const { main, query } = stripQueryAndHash(url.trim());
  let scheme = '';
  let rest = main;
  let hasAuthority = true;
  const m = PAGE_SCHEME_RE.exec(main);
  if (m) {
    scheme = (m[1] ?? '').toLowerCase();
    rest = main.slice(m[0].length);
  } else if (main.startsWith('//')) {
    rest = main.slice(2);
  } else if (main.startsWith('/') || main === '') {
    hasAuthority = false;
  }
  let host = '';
  let path = rest;
  if (hasAuthority) {
    const a = splitAuthority(rest);
    host = hostWithPort(a.host, a.port, scheme ? [DEFAULT_PORTS[scheme] ?? ''] : ['80', '443']);
    path = a.path;
  }
  return { scheme, host, path: normalizePath(path), query: query === null ? '' : decodePart(query, QUERY_KEEP) };
}

/** Normalized pattern for an entry, or null when nothing can match it (e.g. `https://` without a host). */
function normalizeEntry(entry: string): string | null {
  const { main, query } = stripQueryAndHash(entry);
  const q = query ? '?' + decodePart(query, QUERY_KEEP) : '';
  const m = ENTRY_SCHEME_RE.exec(main);
  if (m) {
    const scheme = (m[1] ?? '').toLowerCase();
    const a = splitAuthority(main.slice(m[0].length));
    if (a.host === '') return null;
    return `${scheme}://${hostWithPort(a.host, a.port, [DEFAULT_PORTS[scheme] ?? ''])}${normalizePath(a.path)}${q}`;
  }
  if (main === '' && q !== '') return '*' + q;
  const rest = main.startsWith('//') ? main.slice(2) : main;
  if (rest.startsWith('/') || STAR_HOST_RE.test(rest)) return normalizePath(rest) + q;
  const a = splitAuthority(rest);
  if (a.host === '') return null;
  return hostWithPort(a.host, a.port, ['80', '443']) + normalizePath(a.path) + q;
}

function ruleMatches(pattern: string, page: PageParts): boolean {
  const qi = pattern.indexOf('?');
  const main = qi < 0 ? pattern : pattern.slice(0, qi);
  if (qi >= 0 && !globMatch(pattern.slice(qi + 1), page.query)) return false;
  const m = ENTRY_SCHEME_RE.exec(main);
  if (m) {
    const { host, path } = splitHostPath(main.slice(m[0].length));
    return page.scheme !== '' && globMatch(m[1] ?? '', page.scheme) && globMatch(host, page.host) && pathMatches(path, page.path);
  }
  if (main.startsWith('/') || STAR_HOST_RE.test(main)) return pathMatches(main, page.path);
  const { host, path } = splitHostPath(main);
  return page.host !== '' && globMatch(host, page.host) && pathMatches(path, page.path);
}

function splitHostPath(s: string): { host: string; path: string } {
  const slash = s.indexOf('/');
  return slash < 0 ? { host: s, path: '/' } : { host: s.slice(0, slash), path: s.slice(slash) };
}

// Trailing slashes are stripped from both sides; trying the page path with one slash added lets
// `/blog/*` match `/blog` and `/blog/` too.
function pathMatches(pattern: string, path: string): boolean {
  return globMatch(pattern, path) || (path !== '/' && globMatch(pattern, path + '/'));
}

function splitAuthority(s: string): { host: string; port: string; path: string } {
  const slash = s.indexOf('/');
  let authority = slash < 0 ? s : s.slice(0, slash);
  const path = slash < 0 ? '/' : s.slice(slash);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host = authority;
  let port = '';
  const colon = authority.lastIndexOf(':');
  // A colon inside [...] belongs to an IPv6 address, not to a port.
  if (colon >= 0 && colon > authority.lastIndexOf(']')) {
    host = authority.slice(0, colon);
    port = authority.slice(colon + 1);
  }
  return { host: normalizeHost(host), port: /^\d+$/.test(port) ? String(Number(port)) : port, path };
}

function hostWithPort(host: string, port: string, defaults: readonly string[]): string {
  return port === '' || defaults.includes(port) ? host : `${host}:${port}`;
}

function normalizeHost(host: string): string {
  const trimmed = host.endsWith('.') ? host.slice(0, -1) : host;
  return trimmed
    .split('.')
    .map((label) => {
      const lower = label.toLowerCase();
      if (!lower.startsWith('xn--')) return lower;
      return punycodeDecode(lower.slice(4))?.toLowerCase() ?? lower;
    })
    .join('.');
}

function normalizePath(path: string): string {
  const decoded = decodePart(path === '' ? '/' : path, PATH_KEEP);
  let end = decoded.length;
  while (end > 1 && decoded.charCodeAt(end - 1) === 47 /* / */) end--;
  return decoded.slice(0, end);
}

/**
 * Decodes %XX runs one UTF-8 character at a time. Bytes in `keep` and bytes that are not valid UTF-8
 * stay encoded (upper-case hex), so decoding is idempotent and never throws.
 */
function decodePart(s: string, keep: ReadonlySet<string>): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const hex: string[] = [];
    for (let i = 0; i < run.length; i += 3) hex.push(run.slice(i + 1, i + 3).toUpperCase());
    let out = '';
    for (let i = 0; i < hex.length; i++) {
      const h = hex[i] ?? '';
      const b = parseInt(h, 16);
      const n = keep.has(h) ? 0 : b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      if (n > 0 && i + n <= hex.length) {
        try {
          out += decodeURIComponent('%' + hex.slice(i, i + n).join('%'));
          i += n - 1;
          continue;
        } catch {
          // not a valid UTF-8 sequence: keep this byte encoded and go on
        }
      }
      out += '%' + h;
    }
    return out;
  });
}

/** `*` matches any run of characters; everything else is literal. Greedy with one backtrack point. */
function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern.charCodeAt(p) === 42 /* * */) {
      starP = p++;
      starT = t;
    } else if (p < pattern.length && pattern.charCodeAt(p) === text.charCodeAt(t)) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

/** RFC 3492 decoding of one label (without `xn--`); null when it is not valid punycode. */
function punycodeDecode(input: string): string | null {
  const BASE = 36;
  const T_MIN = 1;
  const T_MAX = 26;
  const adapt = (delta: number, numPoints: number, first: boolean): number => {
    let d = first ? Math.floor(delta / 700) : Math.floor(delta / 2);
    d += Math.floor(d / numPoints);
    let k = 0;
    while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
      d = Math.floor(d / (BASE - T_MIN));
      k += BASE;
    }
    return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + 38));
  };
  const delim = input.lastIndexOf('-');
  const output: number[] = [];
  for (let j = 0; j < delim; j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    output.push(c);
  }
  let n = 128;
  let i = 0;
  let bias = 72;
  let idx = delim < 0 ? 0 : delim + 1;
  while (idx < input.length) {
    const oldI = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (idx >= input.length) return null;
      const c = input.charCodeAt(idx++);
      const digit = c >= 48 && c <= 57 ? c - 22 : c >= 97 && c <= 122 ? c - 97 : c >= 65 && c <= 90 ? c - 65 : BASE;
      if (digit >= BASE) return null;
      i += digit * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      w *= BASE - t;
      if (i > 0x7fffffff || w > 0x7fffffff) return null;
    }
    const len = output.length + 1;
    bias = adapt(i - oldI, len, oldI === 0);
    n += Math.floor(i / len);
    i %= len;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    output.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...output);
}
