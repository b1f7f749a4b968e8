// The reconnect delay is protocol's one backoff rule (exponential from 1 s, capped at 30 s, jittered).
export { backoffDelay } from '@parley/protocol';
