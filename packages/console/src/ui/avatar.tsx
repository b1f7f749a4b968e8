import { initials } from '../lib/format';
import { safeUrl } from '@parley/protocol';

/** A picture when there is one (a server URL), else initials. Decorative: the name is beside it. */
export function Avatar({ name, url, size = 'md' }: { name: string; url?: string | null; size?: 'sm' | 'md' | 'lg' }) {
  const src = url ? safeUrl(url, { base: globalThis.location?.origin ?? 'http://localhost' }) : null;
  return src ? (
    <img class={`avatar avatar-${size}`} src={src} alt="" />
  ) : (
    <span class={`avatar avatar-${size}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
