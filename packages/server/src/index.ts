export { createServer, type ParleyServer } from './app';
export type { ServerOptions, RateLimitOptions } from './options';
export { DEFAULT_RATE_LIMITS } from './options';
export { createInProcessBus, type Bus } from './bus';
export { identityKeys, signUserId, signJwt, verifyIdentity } from './auth/identity';
export { seedDemo, DEMO_PROJECT, DEMO_OWNER_EMAIL, DEMO_USERS } from './seed';
