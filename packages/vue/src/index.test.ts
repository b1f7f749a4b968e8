import { describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { Parley, ParleyChat, useParley, type ParleyApi } from './index';

// Node, no DOM: what a server-rendering framework (Nuxt) does with the plugin and the component.
describe('@parley/vue on the server', () => {
  it('the plugin and <ParleyChat> render with the initial state and create no widget', async () => {
    const seen: ParleyApi[] = [];
    const Badge = defineComponent(() => {
      const chat = useParley();
      seen.push(chat);
      return () => h('span', `unread ${chat.unread.value}`);
    });
    const app = createSSRApp({ render: () => h('div', [h(Badge), h(ParleyChat, { project: 'other', server: 'https://chat.example.com' }, () => h(Badge))]) });
    app.use(Parley, { project: 'demo', server: 'https://chat.example.com' });
    expect(await renderToString(app)).toBe('<div><span>unread 0</span><!--[--><span>unread 0</span><!--]--></div>');
    expect(seen.map((c) => [c.ready.value, c.isOpen.value, c.widget()])).toEqual([
      [false, false, null],
      [false, false, null],
    ]);
  });

  it('useParley() without the plugin or <ParleyChat> says what is missing', async () => {
    const app = createSSRApp(defineComponent(() => (useParley(), () => null)));
    app.config.warnHandler = () => undefined; // the error is the point; Vue's warning about it is noise here
    await expect(renderToString(app)).rejects.toThrow('useParley() needs app.use(Parley, options) or a <ParleyChat> above this component');
  });
});
