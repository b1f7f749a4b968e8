import type { RequestStatus } from '@parley/protocol';

/** The text key of a request's status (the header's line and the "My requests" chunk both show it). */
export const statusKey = (s: RequestStatus) => `request.${s}` as const;
