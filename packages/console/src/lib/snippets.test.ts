import { describe, expect, it } from 'vitest';
import { embedSnippet, identifySnippets } from './snippets';

describe('snippets', () => {
  it('builds the embed tag from the server origin and the project id', () => {
    expect(embedSnippet('https://chat.example.com', 'demo')).toBe('<script src="https://chat.example.com/widget.js" data-project="demo" async></script>');
  });
  it('shows HMAC code for the documented back ends', () => {
    const langs = identifySnippets().map((s) => s.lang);
    expect(langs).toEqual(expect.arrayContaining(['Node.js', 'PHP', 'Python']));
    expect(identifySnippets().find((s) => s.lang === 'Node.js')?.code).toContain("createHmac('sha256', PARLEY_HMAC_KEY)");
  });
});
