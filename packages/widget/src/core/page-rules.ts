/**
 * protocol's page rules, in their own chunk: most projects have no page filter, and those that do
 * load this right after their config (before the launcher shows), not in every widget's loader.
 */
export { pageAllowed } from '@parley/protocol';
