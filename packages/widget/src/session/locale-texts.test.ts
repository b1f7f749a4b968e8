import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WIDGET_CHAT_TEXTS_EN, WIDGET_MORE_TEXTS_EN } from '@parley/protocol';

/**
 * The chat shows its texts as soon as the panel opens; the rest (WIDGET_MORE_TEXTS_*) comes only
 * with the views loaded on need. A text id the chat chunk's own UI reads from the second table
 * would show blank until some view loaded it.
 */
/** The chat chunk's UI, and the views it loads without the second table (lazy-view.tsx `texts` false). */
const CHAT_UI = [
  'ui/panel.tsx',
  'ui/header.tsx',
  'ui/composer.tsx',
  'ui/message-list.tsx',
  'ui/message-item.tsx',
  'ui/attachments.tsx',
  'ui/attach.tsx',
  'ui/request-line.tsx',
  'ui/help-entry.tsx',
  'ui/transcript.tsx',
  'ui/call-buttons.tsx',
  'session/index.ts',
];
const LAZY_UI = [
  'ui/offline-form.tsx',
  'ui/prechat-form.tsx',
  'ui/form-field.tsx',
  'ui/rating.tsx',
  'ui/lightbox.tsx',
  'ui/transcript-form.tsx',
  'ui/help.tsx',
  'ui/help-suggest.tsx',
  'ui/requests.tsx',
  'ui/call-view.ts',
  'ui/call-panel.ts',
];

const keysIn = (file: string) =>
  [...readFileSync(new URL(`../${file}`, import.meta.url), 'utf8').matchAll(/\bt\(\s*['"]([a-z]+\.[A-Za-z_]+)['"]/g)].map((m) => m[1]!);

describe('the two text tables per locale', () => {
  it("the chat chunk's UI reads only the chat's texts", () => {
    const keys = CHAT_UI.flatMap(keysIn);
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => !(k in WIDGET_CHAT_TEXTS_EN))).toEqual([]);
  });

  it('the views loaded on need read texts of either table, and some of the second', () => {
    const keys = LAZY_UI.flatMap(keysIn);
    expect(keys.filter((k) => !(k in WIDGET_CHAT_TEXTS_EN) && !(k in WIDGET_MORE_TEXTS_EN))).toEqual([]);
    expect(keys.filter((k) => k in WIDGET_MORE_TEXTS_EN).length).toBeGreaterThan(40);
  });
});
