import { MAX_JOURNEY_PAGES, MAX_TITLE_LENGTH, MAX_URL_LENGTH, type PageInfo } from '@parley/protocol';
import type { JourneyPage } from '../core/contract';
import { hintKeys, readHint, writeHint } from '../core/hint';

type Stored = Partial<Record<keyof JourneyPage, unknown>>;
const optional = (x: unknown) => x === undefined || typeof x === 'string';

/**
 * The pages kept on the device before the chat connected (core/widget.ts notes them), as the
 * hello carries them: well-formed entries only and no other fields (storage is the page's to
 * tamper with, and the server refuses a hello with a malformed field), the newest
 * MAX_JOURNEY_PAGES, without the trailing entry of the page the hello itself reports.
 */
export function journeyPages(win: Window, project: string, current: PageInfo): { pages: JourneyPage[]; upTo: number } {
  const stored = readHint<Stored[]>(win, hintKeys.pages(project));
  const pages = (Array.isArray(stored) ? stored : [])
    .filter((p) => p && typeof p.url === 'string' && p.url && Number.isInteger(p.at) && (p.at as number) >= 0 && optional(p.title) && optional(p.referrer))
    .map((p) => ({
      url: (p.url as string).slice(0, MAX_URL_LENGTH),
      title: (p.title as string | undefined)?.slice(0, MAX_TITLE_LENGTH),
      referrer: (p.referrer as string | undefined)?.slice(0, MAX_URL_LENGTH),
      at: p.at as number,
    }));
  // What the device held when the hello was made: forgotten once it is welcomed (the current page's entry too).
  const upTo = Math.max(-1, ...pages.map((p) => p.at));
  if (pages[pages.length - 1]?.url === current.url) pages.pop();
  // Absent fields stay absent on the wire (JSON drops undefined).
  return { pages: pages.slice(-MAX_JOURNEY_PAGES), upTo };
}

/** After the welcome: the pages that hello was made from are the server's now (pages noted since stay). */
export function forgetSentPages(win: Window, project: string, upTo: number): void {
  if (upTo < 0) return;
  const key = hintKeys.pages(project);
  const old = readHint<Stored[]>(win, key);
  const left = Array.isArray(old) ? old.filter((p) => (p?.at as number) > upTo) : [];
  writeHint(win, key, left.length ? left : undefined);
}
