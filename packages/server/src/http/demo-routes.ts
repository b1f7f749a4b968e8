import { DEMO_USERS } from '@parley/protocol';
import { signDemoUser } from '../services/demo';
import { handlers } from './router';

/**
 * Demo mode only (PARLEY_DEMO=1): what a site's back end does for signed-in users, so the example
 * pages can show verified visitors (see services/demo.ts for what it refuses).
 */
export const demoHandlers = handlers({
  async demoSign({ ctx, body }) {
    return signDemoUser(ctx, body.userId);
  },
  async demoUsers() {
    return { users: DEMO_USERS.map((u) => ({ ...u })) };
  },
});
