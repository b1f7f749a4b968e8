/** The texts of one locale only the views loaded on need show (forms, rating, Help, My requests, calls): see locale-texts.ts. */
export { WIDGET_MORE_TEXTS_EN as table } from '@parley/protocol';
