import type { Db } from '../open';
import type { SqlExec } from '../sql';
import { parseJsonObject } from '../rows';

/**
 * The visitor's journey (issue 16), kept from the page views the server records: the landing page
 * and its UTM parameters, the first external referrer (another site than the page's), and the
 * visit count (a visit is pages seen with less than 30 minutes between them).
 */
export const VISIT_GAP_MS = 30 * 60_000;
const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];

function host(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** A referrer from another site than the page (same-site navigation is not where the visitor came from). */
export function externalReferrer(page: { url: string; referrer?: string | undefined }): string | null {
  const r = host(page.referrer);
  return r && r !== host(page.url) ? (page.referrer as string) : null;
}

export function utmOf(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    const q = new URL(url).searchParams;
    for (const k of UTM) {
      const val = q.get(k);
      if (val) out[k] = val.slice(0, 200);
    }
  } catch {
    // not a URL: no UTM
  }
  return out;
}

/**
 * Called with every page view the server stores (visitors.addPageVisit, in its transaction): one
 * upsert. A new visit when the last page view is 30 minutes old; the first external referrer and
 * the first UTM set are kept.
 */
export async function noteJourney(x: SqlExec, visitorId: string, page: { url: string; referrer?: string | undefined }, now: number): Promise<void> {
  const utm = utmOf(page.url);
  await x.run(
    `INSERT INTO visitor_journeys (visitor_id, landing_page, referrer, utm, visits, first_seen, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)
     ON CONFLICT (visitor_id) DO UPDATE SET
       visits = visitor_journeys.visits + CASE WHEN excluded.updated_at - visitor_journeys.updated_at >= ${VISIT_GAP_MS} THEN 1 ELSE 0 END,
       referrer = COALESCE(visitor_journeys.referrer, excluded.referrer),
       utm = COALESCE(visitor_journeys.utm, excluded.utm),
       updated_at = excluded.updated_at`,
    [visitorId, page.url, externalReferrer(page), Object.keys(utm).length ? JSON.stringify(utm) : null, now, now],
  );
}

export interface JourneyView {
  landingPage: string | null;
  referrer: string | null;
  utm: Record<string, string>;
  visits: number;
  firstSeenAt: number | null;
  /** Pages seen before the dialog's first message, oldest first. */
  pagesBeforeFirstMessage: { url: string; title: string | null; at: number }[];
}

export async function journeyOf(db: Db, visitorId: string, dialogId: string): Promise<JourneyView> {
  const j = await db.selectFrom('visitor_journeys').selectAll().where('visitor_id', '=', visitorId).executeTakeFirst();
  const first = await db
    .selectFrom('messages')
    .select('created_at')
    .where('dialog_id', '=', dialogId)
    .where('author_kind', '=', 'visitor')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  const until = first?.created_at ?? Number.MAX_SAFE_INTEGER;
  const pages = await db
    .selectFrom('page_visits')
    .select(['url', 'title', 'at'])
    .where('visitor_id', '=', visitorId)
    .where('at', '<=', until)
    .orderBy('at', 'desc')
    .limit(50)
    .execute();
  const utm = parseJsonObject(j?.utm ?? null);
  return {
    landingPage: j?.landing_page ?? null,
    referrer: j?.referrer ?? null,
    utm: Object.fromEntries(Object.entries(utm).filter((e): e is [string, string] => typeof e[1] === 'string')),
    visits: j?.visits ?? 0,
    firstSeenAt: j?.first_seen ?? null,
    pagesBeforeFirstMessage: pages.reverse(),
  };
}
