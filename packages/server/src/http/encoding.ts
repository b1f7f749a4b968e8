/**
 * The content codings we can answer with that the client accepts, best first: brotli, gzip.
 * An explicit `q=0` refuses a coding.
 */
export function acceptedEncodings(acceptEncoding: string | string[] | undefined): ('br' | 'gzip')[] {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
    if (name && (q === undefined || Number(q) > 0)) accepted.add(name.trim());
  }
  return (['br', 'gzip'] as const).filter((e) => accepted.has(e));
}
