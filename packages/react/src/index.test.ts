import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { ParleyChat, useParley } from './index';

// Node, no DOM: what a server-rendering framework (Next.js, Remix) does with the components.
describe('@parley/react on the server', () => {
  it('renders its children with the initial state and creates no widget', () => {
    let seen: ReturnType<typeof useParley> | null = null;
    function Badge() {
      seen = useParley();
      return createElement('span', null, `unread ${seen.unread}`);
    }
    const html = renderToString(createElement(ParleyChat, { project: 'demo', server: 'https://chat.example.com' }, createElement(Badge)));
    expect(html).toBe('<span>unread 0</span>');
    expect(seen).toMatchObject({ ready: false, isOpen: false, unread: 0 });
    expect(seen!.widget()).toBeNull();
  });

  it('useParley() outside <ParleyChat> says what is missing', () => {
    const Lost = () => (useParley(), null);
    expect(() => renderToString(createElement(Lost))).toThrow('useParley() needs a <ParleyChat> above this component');
  });
});
