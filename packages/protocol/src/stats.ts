import * as v from 'valibot';
import { IdSchema, TimestampSchema } from './ids';

/**
 * Statistics (issue 16): what the chats give the business, per period. Owners and admins see the
 * project (optionally one operator); operators see their own dialogs. Times are milliseconds;
 * median and p90 are nearest-rank percentiles.
 */
export const STATS_MAX_RANGE_MS = 400 * 86_400_000;

const digits = v.pipe(v.string(), v.regex(/^\d{1,15}$/));
export const StatsQuerySchema = v.object({
  from: digits,
  to: digits,
  operatorId: v.optional(IdSchema),
});
export type StatsQuery = v.InferOutput<typeof StatsQuerySchema>;

const Percentiles = v.object({ count: v.number(), median: v.nullable(v.number()), p90: v.nullable(v.number()) });

export const StatsSchema = v.object({
  from: TimestampSchema,
  to: TimestampSchema,
  /** The project's time zone: days and hours are counted in it. */
  timeZone: v.string(),
  /** Dialogs started in the period; closed in it; started in it and never answered by an operator. */
  started: v.number(),
  closed: v.number(),
  missed: v.number(),
  rating: v.object({ count: v.number(), average: v.nullable(v.number()), distribution: v.array(v.number()) }),
  /** Visitor's first message to the first operator reply, dialogs started in the period. */
  firstResponse: Percentiles,
  /** Start to close, dialogs closed in the period. */
  resolution: Percentiles,
  operators: v.array(
    v.object({
      id: IdSchema,
      name: v.string(),
      dialogs: v.number(),
      closed: v.number(),
      missed: v.number(),
      ratingAverage: v.nullable(v.number()),
      firstResponseAverage: v.nullable(v.number()),
    }),
  ),
  days: v.array(v.object({ day: v.string(), started: v.number(), closed: v.number(), missed: v.number() })),
  /** Dialogs started per hour of the day (0..23, the project's time zone). */
  hours: v.array(v.number()),
  topTags: v.array(v.object({ tag: v.string(), count: v.number() })),
  /** Most frequent words of first messages, stop words of ru/en/fr left out. */
  topWords: v.array(v.object({ word: v.string(), count: v.number() })),
  /** The knowledge base: articles read in the widget, and questions an article answered ("resolved without a chat"). */
  help: v.optional(v.object({ articlesViewed: v.number(), resolvedWithoutChat: v.number() })),
});
export type Stats = v.InferOutput<typeof StatsSchema>;

export const StatsRoutes = { stats: '/api/v1/operator/stats' } as const;

/** Words that say nothing about a request, per language (lowercase). */
export const STOP_WORDS: Readonly<Record<'ru' | 'en' | 'fr', readonly string[]>> = {
  en: 'a an and are as at be but by can could do does for from have hello hi how i if in is it its me my no not of on or please so that the there this to was we what when where which who why will with would you your yes ok thanks thank'.split(
    ' ',
  ),
  ru: 'а без бы в вам вас во вот вы где да для до его ее её если есть еще ещё же за здравствуйте и из или им их к как какой когда ли мне мы на не нет но ну о об он она они от по пожалуйста при привет с со так там то тоже у уже хочу что чтобы это я спасибо добрый день можно'.split(
    ' ',
  ),
  fr: 'a à au aux avec bonjour ce ces dans de des du elle en est et être il ils je la le les leur mais me merci mon ne nous on ou où par pas pour qu que qui sa se ses si son sur ta te tu un une vous votre vos oui non est-ce'.split(
    ' ',
  ),
};
