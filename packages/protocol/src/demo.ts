import * as v from 'valibot';
import { UserIdSchema } from './identity';

/**
 * Demo mode only: POST DemoRoutes.sign, what a site's back end does for its signed-in users. It
 * signs these sample users (examples/signed-in.html lists the same) and nothing else, so a server
 * started in demo mode never signs a real user in for whoever asks.
 */
export const DEMO_USERS: readonly { id: string; name: string }[] = [
  { id: 'demo-alice', name: 'Alice (demo)' },
  { id: 'demo-boris', name: 'Борис (демо)' },
  { id: 'demo-chloe', name: 'Chloé (démo)' },
];

export const DemoSignBodySchema = v.object({ userId: UserIdSchema });
export const DemoSignResponseSchema = v.object({ id: v.string(), signature: v.string(), name: v.nullable(v.string()) });
/** GET DemoRoutes.users: the sample users the demo signer signs. */
export const DemoUsersResponseSchema = v.object({ users: v.array(v.object({ id: v.string(), name: v.string() })) });
