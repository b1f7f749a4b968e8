/**
 * Size and count limits shared by the widget (to refuse early, with a clear message)
 * and the server (to enforce). One definition; both sides import it.
 */
export const PROTOCOL_VERSION = 1;
/** Versions this build of the protocol can speak, newest last. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];

/** Largest WebSocket frame either side accepts, in bytes of UTF-8 JSON. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Largest frame the server sends (history batches); the server trims batches to fit. */
export const MAX_SERVER_FRAME_BYTES = 1024 * 1024;
/** Longest message text, in UTF-16 code units (what `string.length` counts). */
export const MAX_MESSAGE_LENGTH = 5000;
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;
export const MAX_CLIENT_ID_LENGTH = 64;
export const MIN_CLIENT_ID_LENGTH = 8;
export const MAX_URL_LENGTH = 2048;
export const MAX_TITLE_LENGTH = 500;
export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_PHONE_LENGTH = 32;
export const MAX_USER_ID_LENGTH = 128;
export const MAX_CUSTOM_PARAMS = 50;
export const MAX_CUSTOM_PARAM_KEY_LENGTH = 64;
export const MAX_CUSTOM_PARAM_VALUE_LENGTH = 1000;
export const MAX_RATING_COMMENT_LENGTH = 2000;
/** `parley('event', name, props)`: name length, number of props, length of a string prop. */
export const MAX_EVENT_NAME_LENGTH = 100;
export const MAX_EVENT_PROPS = 20;
export const MAX_EVENT_PROP_VALUE_LENGTH = 255;
/** An event waiting on a device longer than this (ms) is recorded as this old. */
export const MAX_EVENT_AGE_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_FILE_NAME_LENGTH = 255;
export const MAX_TOKEN_LENGTH = 128;
export const MAX_JWT_LENGTH = 4096;
export const MAX_TAGS_PER_DIALOG = 20;
export const MAX_TAG_LENGTH = 40;
/** How many events the server sends in one history batch. */
export const HISTORY_PAGE_SIZE = 50;
/** Pages a device keeps for the hello before the chat connects (the visitor journey, issue 16): the newest. */
export const MAX_JOURNEY_PAGES = 20;
/** Days of history kept when the project does not say otherwise (seed: "1 год"). */
export const DEFAULT_RETENTION_DAYS = 365;
