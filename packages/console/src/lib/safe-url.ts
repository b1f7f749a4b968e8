/**
 * A visitor-supplied URL as a link target: only http(s) URLs become links; anything else
 * (javascript:, data:, relative paths, garbage) is shown as plain text.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

/** A download URL the server gave: same-origin paths and http(s) URLs only. */
export function safeDownload(url: string, origin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, origin);
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}
