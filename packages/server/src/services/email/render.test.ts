import { describe, expect, it } from 'vitest';
import { escapeHtml, oneLine, renderMail } from './render';

describe('renderMail', () => {
  it('escapes every value in HTML, keeps text as written, and makes links only of http(s)', () => {
    const m = renderMail('en', { id: 'alertSubject', vars: { project: 'Shop\r\nBcc: x@evil.test' } }, [
      { say: 'alertIntro', vars: { visitor: '<img src=x onerror=alert(1)>' } },
      { rows: [['Name', '"><script>alert(1)</script>']] },
      { messages: [{ author: '<b>Bob</b>', at: 'now', text: 'line 1\n<i>line 2</i>' }] },
      { say: 'alertOpen', vars: { link: { href: 'javascript:alert(1)' } } },
      { say: 'leadOpen', vars: { link: { href: 'https://chat.example.test/console/?a=1&b="2"' } } },
    ]);
    expect(m.subject).toBe('You have unread chats in Shop Bcc: x@evil.test');
    expect(m.text).toContain('<img src=x onerror=alert(1)> wrote to you');
    expect(m.html).toContain('&lt;img src=x onerror=alert(1)&gt; wrote to you');
    expect(m.html).toContain('&quot;&gt;&lt;script&gt;');
    expect(m.html).toContain('<b>&lt;b&gt;Bob&lt;/b&gt;</b>');
    expect(m.html).toContain('line 1<br>&lt;i&gt;line 2&lt;/i&gt;');
    expect(m.html).not.toMatch(/<(img|script|i)[ >]/);
    expect(m.html).not.toContain('href="javascript');
    expect(m.html).toContain('<a href="https://chat.example.test/console/?a=1&amp;b=%222%22">');
  });

  it("speaks the project's language", () => {
    expect(renderMail('ru', { id: 'replySubject', vars: { project: 'Окна' } }, []).subject).toBe('Новый ответ от Окна');
    expect(renderMail('fr', { id: 'replySubject', vars: { project: 'Fenêtres' } }, []).subject).toBe('Nouvelle réponse de Fenêtres');
  });

  it('helpers', () => {
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
    expect(oneLine('a\u2028b\tc', 4)).toBe('a b…');
  });
});
