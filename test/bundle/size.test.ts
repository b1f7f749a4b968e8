import { describe, it, expect } from 'vitest';
import { sizeReport, type BundleReport } from '../../scripts/size';

// Sizes are deterministic for a given source, so budgets are tests. Figures in KB of brotli.
const KB = 1024;
const BUDGETS: Record<string, { complete?: number; oneLocale?: number; initial?: number; chatting?: number }> = {
  // Regression guards at what issue 13's session 3 reached (goals not met yet: before interaction
  // <= 10 KB, complete <= 30 KB). Before interaction 11.19 KB (was 13.60). Complete as one visitor
  // loads it (the built-in texts of one locale; the largest, ru) 38.58 KB (was 40.13, all locales
  // in the chat chunk): within issue 2's 40 KB. All files, every locale: 40.67 KB.
  // Issue 14's pre-chat group choice then added 0.07 / 0.29 / 0.29 KB (11.26, 38.87, 40.96 KB).
  // Issue 13, session 4: the resume hint and pre-connect events in localStorage (idb-keyval only in
  // the chat chunk), the config path without the chat's routes, a compact attachment table:
  // 10.70 / 38.75 / 40.84 KB. Goals still missed (10 / 30 KB).
  // Issue 16's visitor journey then: the loader notes each page view before the chat connects in
  // localStorage (+85 B before interaction: 10.82 KB), the chat chunk puts them in the hello (39.06 / 41.15 KB).
  // Issue 19 adds, in the chat chunk only (the loader's bytes are the same to the byte; its brotli
  // size moves by 3 bytes with the chat chunk's hash): the request's number and live status, the
  // Help tab with suggestions while typing, My requests, their texts (after issue 16's journey): 10.81 / 42.35 / 44.99 KB
  // Calls (issue 19): before interaction unchanged (10.82 KB; the call chunk imports nothing from the
  // chat chunk, so the loader keeps importing the chat chunk's namespace as is). The chat chunk
  // carries the call buttons and a queue (+0.45 KB), each locale's texts the call texts (ru +0.23 KB),
  // and the call chunk (WebRTC, the call card, its validator) is 3.42 KB: 46.50 / 49.53 KB.
  // Issue 19's rest (session 5), chat chunk only: the subject field, "New request", continuing an older
  // request: +0.24 / +0.30 KB before calls landed (42.42 → 42.66, 45.06 → 45.36 KB); with calls, measured: 10.82 / 46.80 / 49.89 KB.
  // Call recording with consent: the prompt, indicator and stop in the call chunk (+0.32 KB) and five
  // texts per locale (the loader's raw bytes unchanged; its brotli moves with the chunks' hashes): 10.80 / 47.20 / 50.45 KB.
  // The offline copy of articles read (IndexedDB through the chat's storage, in the chat chunk) and
  // its two texts per locale (issue 19): the loader's raw bytes unchanged (28.94 KB), 10.80 / 47.43 / 50.77 KB.
  // The ring of an incoming call (call chunk +0.24 KB) and the "silent" hook (chat chunk +0.04 KB):
  // 10.81 (the loader's raw bytes unchanged; brotli moves with the chunk hashes) / 47.72 / 51.06 KB.
  // Issue 13, session 6: the loader checks only the config parts the launcher reads (the chat chunk
  // checks the whole body), schedule/app/custom params are checked where they are read, no panel
  // colour maths before interaction; Help and My requests are lazy chunks: 10.05 / 49.15 / 52.40 KB
  // (chat chunk 27.21 -> 25.42 KB). Goals still missed: 10 KB (by 0.05) and 30 KB.
  // Both merged (session 6), measured: 10.05 / 49.69 / 53.03 KB; the import-cycle mend then 10.05 / 49.72 / 53.05 KB.
  // Session 7: the loader's host CSS without the theme's colours (the panel's and the greetings
  // bubble's CSS define them), black-or-white on the accent by one luminance threshold, a shorter
  // warn(): before interaction 10.05 -> 9.86 KB (goal met). The theme in the chat and greetings
  // chunks and the lazy views' retry cost 0.16 / 0.18 KB: 53.23 / 49.90 KB. "A chatting visitor"
  // (before interaction, the chat chunk and what it imports, one locale's texts): 37.49 KB (goal 30).
  // Then the offline form, the pre-chat form (their fields a chunk they share), the rating and the
  // image viewer load when they show: a chatting visitor 37.49 -> 36.06 KB (chat chunk 25.72 -> 24.26);
  // the loader exports a few more names to the new chunks (9.89 KB, 10,128 bytes); each chunk's imports cost bytes:
  // complete 55.39, one locale 52.06 KB.
  // Their styles then came with them (36.06 -> 35.95 KB), and reportError() lost its console guard.
  // Measured on one full widget build: before interaction 9.88 KB (10,113 bytes: the loader 9.40,
  // widget.js 0.48), a chatting visitor 35.93, one locale 52.32, complete 55.66 KB (the figures move
  // by a few bytes with the chunks' content hashes).
  // Issue 19, session 7: saved offline copies are checked against the server once per Help opening and
  // dropped when gone, keep no images (alt text shown instead): Help chunk only (2.03 KB), measured
  // 10.04 / 49.92 / 53.26 KB.
  // Both merged (session 7), with the launcher's warning and its icon swapped only when it changes:
  // measured 9.91 / 35.95 / 52.56 / 55.90 KB (guards a few bytes above: chunk hashes move them).
  // Issue 13, session 8: the loader asks for no chat chunk while offline (+25 B), the file checks
  // (protocol's checkAttachment, its dangerous-extension list and the client's error texts) and the
  // transcript's address form load when used, no hoisted `import "./loader…"` in lazy chunks.
  // Measured on one full build (bytes): before interaction 10,150 -> 10,169 (9.93 KB), a chatting
  // visitor 36,808 -> 35,584 (34.75 KB), one locale 53,826 -> 54,608 (53.33 KB), complete
  // 57,239 -> 58,021 (56.66 KB): the two new chunks cost more than they take from the chat chunk.
  // Merged (session 8), with dropped and pasted files attached in order: 9.94 / 34.78 / 53.39 / 56.72 KB;
  // after the review 10,186 / 35,597 / 54,623 / 58,036 B (the chat chunk's hash moves the loader's
  // brotli by a few bytes: the initial guard sits 0.03 KB above, still under the 10 KB budget).
  // Issue 13, session 9: the loader fetches the chat chunk before importing it, and no longer checks
  // navigator.onLine (the fetch covers offline too); the locale texts retry by URL. Measured (bytes):
  // before interaction 10,186 -> 10,180 (it moved 10,175-10,223 with the chunks' hashes while this
  // was written), a chatting visitor 35,597 -> 35,633.
  // The emoji picker: its button in the composer and one text per locale (a chatting visitor
  // 35,633 -> 35,739 B), the picker a lazy chunk of 982 B: one locale 54,689 -> 55,789, complete 58,102 -> 59,213 B.
  // The file picker's accept list (the attachment allowlist) comes with the attach chunk, asked for
  // when the visitor points at or focuses the button: a chatting visitor 35,739 -> 35,211 B (34.39 KB;
  // goal 30), one locale 55,810, complete 59,234 B; before interaction 10,188 B.
  // Issue 13, session 10: a chat that fails to load says so on the launcher and loads again on
  // `online`, paid for in the loader: the validators' combinators only the chat uses (check-chat.ts),
  // `contrast` and the greetings' close label left it, the launcher's and the click guard's listeners
  // go with the host, three warnings are shorter. Before interaction 10,188 -> 10,176 B (it moves by
  // some 20 B with the chunks' hashes: the guard is the 10 KB goal); a chatting visitor 35,211 ->
  // 35,375 B (the combinators moved into the chat chunk), one locale 56,067, complete 59,524 B.
  // Then a chatting visitor 35,375 -> 34,075 B (33.28 KB; goal 30): the chat's texts of one locale
  // 1.93 -> 0.97 KB (the forms', the rating's, the image viewer's, Help's, My requests' and calls'
  // texts are a second chunk per locale, fetched with those views), the upload code and its
  // validators with the attach chunk, the Help routes and tags with the Help chunk. The second texts
  // chunk per locale costs its own overhead: one locale 56,067 -> 56,661 B, complete 59,524 ->
  // 60,552 B. Before interaction 10,168 B.
  // Then the full-screen panel's modal code (focus trap, scroll lock, visual viewport) loads only on
  // phones and narrow windows (fetched as the session starts there): a chatting visitor on a desktop
  // 34,075 -> 33,802 B (33.01 KB), one locale 56,990, complete 60,881 B; the loader's host attributes
  // and theme properties are set in two loops. Before interaction 10,196 B; with other chunk hashes
  // the loader alone measured 9,660-9,726 B (widget.js adds ~490 B): within 10 KB, with little room.
  // Issue 13, session 11: a message's attachments and format-bytes (attachments.tsx, which the file
  // checks share), the chips of files being attached and the upload's wait for the connection
  // (attach.tsx), the chime and blinking title (attention.ts, loaded by the first message that
  // arrives while the panel is closed or the tab hidden) load when first needed; the rules only lazy
  // views use (labels, fieldsets, stars, attachments, chips) left the panel's CSS; Preact's classic
  // JSX (no jsx-runtime module, shorter calls). Chat chunk 22,610 -> 21,420 B; a chatting visitor
  // 33,802 -> 32,605 B (31.84 KB; goal 30, still missed by 1.8 KB). The Help suggestions and the
  // call buttons stay in the chat chunk: a visitor who types a first message, or chats in a project
  // that takes calls (the default), needs them (widget-chat.test.ts checks which chunks a chatting
  // visitor loads). One locale 56,990 -> 57,746, complete 60,881 -> 61,637 B (each new chunk costs
  // its own overhead); before interaction 10,188 B (measured on one build; the guards sit ~40 B
  // above: the chunks' hashes move the loader's brotli size).
  // Then the config parts only lazy code reads (the offline and pre-chat forms' settings, the
  // greetings, the attachment limits) are checked by the chunks that read them, the chat checking
  // only their `enabled`: chat chunk 21,421 -> 21,155 B, a chatting visitor 32,605 -> 32,353 B
  // (31.59 KB; goal 30, still missed by 1.6 KB). The chunks that now carry a validator grow (the
  // forms' +0.30, greetings' +0.25, attach +0.09 KB): one locale 57,746 -> 58,156, complete
  // 61,637 -> 62,047 B. Before interaction 10,202 B on that build (10,186-10,231 B on others).
  // Issue 13, session 12: the embed's files lost their hashes (one folder named by the build's hash,
  // widget.js alone names it) and their sourceMappingURL comments (the server sends a SourceMap
  // header): every importer carried its imports' hashes, every file a comment. Before interaction
  // 10,202 -> 10,074 B, a chatting visitor 32,353 -> 32,029 B (31.28 KB; goal 30), one locale
  // 58,156 -> 57,072, complete 62,047 -> 60,812 B. The figures no longer move with content hashes:
  // only widget.js carries one (10 hex digits, a few bytes of brotli), so the guards sit 16 B above.
  // Then, session 12's rest: terser `unsafe` and 26 internal property names shortened (build/terser-options.ts),
  // IndexedDB without idb-keyval, developer events, setCustomParams()'s check and an SPA route's
  // title wait in a chunk of their own (page-calls, loaded by the first such call), error codes not
  // listed (any short string), the launcher's texts out of the chat's tables: before interaction
  // 10,034 B, a chatting visitor 31,098 B (30.37 KB; goal 30, missed by 378 B), one locale 57,115,
  // complete 60,796 B.
  // Session 13: Help shows only where the knowledge base has articles in the visitor's language (the
  // config lists the locales), so the suggestions while typing went to a chunk of their own
  // (help-suggest), loaded only there; and what only a signed-in visitor needs (the device claim,
  // the JWT refresh: signed-in, loaded after the first verified welcome). A chatting visitor
  // 31,098 -> 30,845 B (30.12 KB; goal 30, missed by 125 B); before interaction 10,034 -> 10,059
  // (the loader shares its JWT reader with the new chunk); one locale 57,115 -> 57,981, complete
  // 60,796 -> 61,666 B. (The call buttons stay in the chat chunk: projects take calls by default,
  // so a chatting visitor of a default project needs them; widget-chat.test.ts checks what loads.)
  widget: { initial: 10 * KB, chatting: 30_845 + 16, oneLocale: 57_981 + 16, complete: 61_666 + 16 },
  // The multiwidget's goal (issue 5): at most 8 KB before interaction, without the chat.
  multiwidget: { initial: 8 * KB },
};

describe('bundle sizes', () => {
  const reports = new Map<string, BundleReport>(sizeReport().map((r) => [r.bundle, r]));

  // Issue 13: "a small picker only if it costs <= 2 KB lazily".
  it('the emoji picker is a lazy chunk of at most 2 KB brotli', () => {
    const files = reports.get('widget')?.files.filter((f) => /^widget\/[0-9a-f]{10}\/emoji\.js$/.test(f.file)) ?? [];
    expect(files.map((f) => f.role)).toEqual(['lazy']);
    expect(files[0]!.sizes.brotli).toBeLessThanOrEqual(2 * KB);
  });

  it('reports the widget, the multiwidget and the console', () => {
    expect([...reports.keys()].sort()).toEqual(['console', 'multiwidget', 'widget']);
  });

  for (const [bundle, budget] of Object.entries(BUDGETS)) {
    it(`${bundle} stays within its brotli budget`, () => {
      const r = reports.get(bundle);
      expect(r, `no size manifest for ${bundle}`).toBeDefined();
      if (!r) return;
      if (budget.complete !== undefined) expect(r.complete.brotli).toBeLessThanOrEqual(budget.complete);
      if (budget.oneLocale !== undefined) expect(r.oneLocale.brotli).toBeLessThanOrEqual(budget.oneLocale);
      if (budget.initial !== undefined) expect(r.initial.brotli).toBeLessThanOrEqual(budget.initial);
      if (budget.chatting !== undefined) {
        expect(r.chatting, 'no chat chunk found for "a chatting visitor"').toBeDefined();
        // More than before interaction: the chat chunk was found and counted.
        expect(r.chatting?.brotli).toBeGreaterThan(r.initial.brotli + 10 * KB);
        expect(r.chatting?.brotli).toBeLessThanOrEqual(budget.chatting);
      }
      expect(r.complete.brotli).toBeGreaterThan(0);
    });
  }
});
