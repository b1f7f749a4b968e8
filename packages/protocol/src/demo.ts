import * as v from 'valibot';
import { UserIdSchema } from './identity';
import { MAX_NAME_LENGTH } from './limits';

/** Demo mode only: POST DemoRoutes.sign, what a site's back end does for its signed-in users. */
export const DemoSignBodySchema = v.object({
  userId: UserIdSchema,
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(MAX_NAME_LENGTH))),
});
export const DemoSignResponseSchema = v.object({ id: v.string(), signature: v.string(), name: v.nullable(v.string()) });
