/**
 * Built-in texts in full: one definition in protocol (the server refuses overrides of other ids,
 * the console shows these defaults). Only the session chunk imports this table; the loader
 * carries the launcher's few texts (texts-launcher.ts) until then.
 */
export { WIDGET_TEXTS as BUILTIN_TEXTS } from '@parley/protocol';
