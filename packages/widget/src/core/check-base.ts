/** What check.ts and check-chat.ts share (see check.ts). */
export type V<T = unknown> = ((x: unknown) => T) & {
  /** Optional in an object: the key may be missing. */
  o?: 1;
  /** The default an optional entry takes when its key is missing. */
  d?: unknown;
};

export type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const no = (): never => {
  throw [];
};
export const ok = <T>(c: unknown, x: T): T => (c ? x : no());
export const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x == 'object';
export const own = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k);
