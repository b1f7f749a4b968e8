import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, createOperator, loginOperator, openVisitorSocket, startServer, testStore, type OperatorClient, type RunningServer } from './harness';
import { WIDGET_TEXTS } from '@parley/protocol';
import { png } from './fixtures';

let srv: RunningServer;
let owner: OperatorClient;

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
});
afterAll(async () => {
  await srv?.stop();
});

const article = (over: Record<string, unknown>) => ({ locale: 'ru', title: 'Статья', body: '', category: 'Заказы', status: 'published', position: 0, ...over });
const get = (path: string) => fetch(`${srv.url}${path}`).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));
const json = async (path: string) => {
  const r = await get(path);
  expect(r.status, r.text).toBe(200);
  const body: any = JSON.parse(r.text);
  return body;
};

describe('knowledge base (issue 19)', () => {
  // First: the project has no articles yet.
  it("the widget's config lists the locales with published articles (the widget shows Help only there); widgets hear when that changes", async () => {
    const config = async () => {
      const r = await get('/api/v1/widget/projects/demo/config');
      return { help: JSON.parse(r.text).help as string[], etag: r.headers.get('etag') };
    };
    const first = await config();
    expect(first.help).toEqual([]);
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const updates = () => v.frames.filter((f) => f.type === 'config.updated');

    const draft = await owner.post('/api/v1/operator/help/articles', article({ locale: 'en', title: 'Refunds', status: 'draft' }));
    expect(draft.status).toBe(201);
    expect(await config()).toEqual(first);
    const id = draft.body.article.id as string;
    expect((await owner.patch(`/api/v1/operator/help/articles/${id}`, { status: 'published' })).status).toBe(200);
    const upd = await v.next('config.updated');
    const published = await config();
    expect(published.help).toEqual(['en']);
    expect(published.etag).toContain(upd.configVersion);
    expect(published.etag).not.toBe(first.etag);
    // An edit that leaves the locales as they were changes nothing a widget caches.
    expect((await owner.patch(`/api/v1/operator/help/articles/${id}`, { title: 'Refunds and returns' })).status).toBe(200);
    expect(await config()).toEqual(published);
    expect(updates()).toHaveLength(1);

    expect((await owner.delete(`/api/v1/operator/help/articles/${id}`)).status).toBe(204);
    await v.next('config.updated');
    expect(await config()).toEqual(first);
    await v.close();
  });

  it('finds published articles by a word in another grammatical form (Russian stemming), never drafts', async () => {
    const ret = await owner.post(
      '/api/v1/operator/help/articles',
      article({ title: 'Как оформить возврат товара', body: 'Возвраты принимаются **в течение 14 дней**.' }),
    );
    expect(ret.status).toBe(201);
    const ship = await owner.post(
      '/api/v1/operator/help/articles',
      article({ title: 'Сроки доставки', body: 'Доставляем за 2 дня.', category: 'Доставка', position: 1 }),
    );
    await owner.post('/api/v1/operator/help/articles', article({ title: 'Возврат денег (черновик)', status: 'draft' }));
    await owner.post(
      '/api/v1/operator/help/articles',
      article({ locale: 'en', title: 'How to return an item', body: 'Returns are accepted for 14 days.', category: 'Orders' }),
    );

    // "возвратом" and "возврата" find "возврат"; the draft stays hidden.
    for (const q of ['возвратом', 'возврата товаров', 'ВОЗВРАТ']) {
      const r = await json(`/api/v1/help/demo/articles?locale=ru&q=${encodeURIComponent(q)}`);
      expect(
        r.articles.map((a: any) => a.id),
        q,
      ).toEqual([ret.body.article.id]);
    }
    // A prefix of the word being typed finds it too; English stems in English.
    expect((await json(`/api/v1/help/demo/articles?locale=ru&q=${encodeURIComponent('доставк')}`)).articles.map((a: any) => a.id)).toEqual([
      ship.body.article.id,
    ]);
    expect((await json('/api/v1/help/demo/articles?locale=en&q=returning')).articles.map((a: any) => a.title)).toEqual(['How to return an item']);
    const all = await json('/api/v1/help/demo/articles?locale=ru');
    expect(all.articles.map((a: any) => a.title)).toEqual(['Сроки доставки', 'Как оформить возврат товара']);
    expect(all.categories).toEqual(['Доставка', 'Заказы']);
    expect((await json('/api/v1/help/demo/articles?locale=ru&category=%D0%94%D0%BE%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D0%B0')).articles).toHaveLength(1);
    expect((await get('/api/v1/help/demo/articles?locale=de')).status).toBe(400);

    const one = await json(`/api/v1/help/demo/articles/${ret.body.article.id}`);
    expect(one.article.doc).toEqual([{ t: 'p', c: ['Возвраты принимаются ', { t: 'strong', c: ['в течение 14 дней'] }, '.'] }]);
  });

  it('renders Markdown safely: no raw HTML, no script links, in the tree and on the public page', async () => {
    const body = '# Title\n\n<script>alert(1)</script> [bad](javascript:alert(1)) [good](https://example.com) ![i](https://example.com/a.png)';
    const a = (await owner.post('/api/v1/operator/help/articles', article({ title: 'Безопасность', body }))).body.article;
    const tree = (await json(`/api/v1/help/demo/articles/${a.id}`)).article.doc;
    const flat = JSON.stringify(tree);
    // markdown-it refuses the script link: it stays text, never a link.
    expect(flat).not.toMatch(/"href":"javascript/);
    expect(flat).toContain('"href":"https://example.com"');
    expect(tree[0]).toEqual({ t: 'h2', c: ['Title'] });
    const page = await get(`/help/demo/${a.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<h1>Безопасность</h1>');
    expect(page.text).not.toContain('<script>');
    expect(page.text).not.toMatch(/href="javascript/);
    expect(page.text).toContain('&lt;script&gt;');
    expect(page.text).toContain('<link rel="canonical"');
  });

  it('has a public help page with search, counts reads and "resolved without a chat", and refuses operators who may not write', async () => {
    const list = await get(`/help/demo?lang=ru&q=${encodeURIComponent('доставкой')}`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('<html lang="ru">');
    expect(list.text).toContain('Сроки доставки');
    expect(list.text).not.toContain('Как оформить возврат товара');
    expect((await get('/help/no-such-project')).status).toBe(404);

    const id = (await json('/api/v1/help/demo/articles?locale=ru')).articles[0].id;
    const post = (kind: string, articleId = id) =>
      fetch(`${srv.url}/api/v1/help/demo/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ articleId, kind }),
      });
    expect((await post('view')).status).toBe(204);
    expect((await post('view')).status).toBe(204);
    expect((await post('resolved')).status).toBe(204);
    expect((await post('view', 'missingArticle00000000')).status).toBe(404);
    const stats = await owner.get(`/api/v1/operator/stats?from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`);
    expect(stats.status).toBe(200);
    expect(stats.body.help).toEqual({ articlesViewed: 2, resolvedWithoutChat: 1 });
  });
});

describe('knowledge base search of a sentence', () => {
  it('falls back to the articles with any of its words when none has them all', async () => {
    const r = await json(`/api/v1/help/demo/articles?locale=ru&limit=3&q=${encodeURIComponent('Хочу вернуть товары, возвраты')}`);
    expect(r.articles.map((a: any) => a.title)).toEqual(['Как оформить возврат товара']);
  });
});

describe('the public help page words', () => {
  it("are the widget's Help words in the page's language, or the project's own where it overrides them", async () => {
    const before = await get('/help/demo?lang=fr-CA');
    expect(before.text).toContain('<html lang="fr">');
    expect(before.text).toContain(`<title>${WIDGET_TEXTS.fr['help.title']} · `);
    expect(before.text).toContain(`<button type="submit">${WIDGET_TEXTS.fr['help.search']}</button>`);
    const texts = (await owner.get('/api/v1/operator/project')).body.settings.texts;
    const r = await owner.patch('/api/v1/operator/project', {
      settings: { texts: { ...texts, overrides: { ...texts.overrides, fr: { 'help.title': 'Centre d’assistance' } } } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await get('/help/demo?lang=fr')).text).toContain('<title>Centre d’assistance · ');
  });

  it('lets operators write articles only when the project allows it (owners and admins always)', async () => {
    const op = (await createOperator(owner, { email: `writer-${clientId()}@example.test` })).client;
    const admin = (await createOperator(owner, { email: `kb-admin-${clientId()}@example.test`, role: 'admin' })).client;
    // Off by default: an operator reads the list (for the composer's picker) but writes nothing.
    expect((await owner.get('/api/v1/operator/project')).body.settings.help).toEqual({ operatorsWrite: false });
    expect((await op.get('/api/v1/operator/help/articles')).status).toBe(200);
    expect((await op.post('/api/v1/operator/help/articles', article({ title: 'By an operator' }))).status).toBe(403);
    // The editor's Preview is for writers too: the server's tree, same image policy, nothing stored.
    expect((await op.post('/api/v1/operator/help/preview', { body: '# Hi' })).status).toBe(403);
    const shown = await admin.post('/api/v1/operator/help/preview', { body: '## Hi **there** <b>x</b>\n\n![a](http://example.com/a.png)' });
    expect(shown.status).toBe(200);
    expect(shown.body.doc).toEqual([{ t: 'h3', c: ['Hi ', { t: 'strong', c: ['there'] }, ' <b>x</b>'] }, { t: 'p' }]);
    expect((await admin.post('/api/v1/operator/help/preview', { body: 'x'.repeat(50_001) })).status).toBe(400);
    expect((await admin.post('/api/v1/operator/help/preview', { body: 'x', extra: 1 })).status).toBe(400);
    const mine = await admin.post('/api/v1/operator/help/articles', article({ title: 'By an admin' }));
    expect(mine.status).toBe(201);
    const id = mine.body.article.id;
    expect((await op.patch(`/api/v1/operator/help/articles/${id}`, { title: 'Changed' })).status).toBe(403);
    expect((await op.delete(`/api/v1/operator/help/articles/${id}`)).status).toBe(403);
    // An operator cannot allow themselves.
    expect((await op.patch('/api/v1/operator/project', { settings: { help: { operatorsWrite: true } } })).status).toBe(403);

    expect((await owner.patch('/api/v1/operator/project', { settings: { help: { operatorsWrite: true } } })).status).toBe(200);
    expect((await op.get('/api/v1/operator/project')).body.settings.help).toEqual({ operatorsWrite: true });
    const written = await op.post('/api/v1/operator/help/articles', article({ title: 'By an operator' }));
    expect(written.status).toBe(201);
    expect((await op.patch(`/api/v1/operator/help/articles/${id}`, { title: 'Changed' })).body.article.title).toBe('Changed');
    expect((await op.delete(`/api/v1/operator/help/articles/${written.body.article.id}`)).status).toBe(204);

    // Turned off again: refused again.
    expect((await admin.patch('/api/v1/operator/project', { settings: { help: { operatorsWrite: false } } })).status).toBe(200);
    expect((await op.delete(`/api/v1/operator/help/articles/${id}`)).status).toBe(403);
    expect((await owner.delete(`/api/v1/operator/help/articles/${id}`)).status).toBe(204);
  });

  it('ranks the matches: an article about the words comes before one that mentions them once (SQLite FTS5, PostgreSQL tsvector)', async () => {
    // In article order the passing mention would come first (position 0); the ranking puts the article about it first.
    const passing = await owner.post(
      '/api/v1/operator/help/articles',
      article({ title: 'Оплата заказа', body: 'Картой, наличными; гироскутеры оплачиваются заранее.', category: 'Ранжирование', position: 0 }),
    );
    const about = await owner.post(
      '/api/v1/operator/help/articles',
      article({
        title: 'Гироскутер не заряжается',
        body: 'Если гироскутер не заряжается, проверьте зарядку гироскутера.',
        category: 'Ранжирование',
        position: 1,
      }),
    );
    const found = await json(`/api/v1/help/demo/articles?locale=ru&q=${encodeURIComponent('гироскутеры')}`);
    expect(found.articles.map((a: any) => a.id)).toEqual([about.body.article.id, passing.body.article.id]);
    // The last word as a prefix, while the visitor types; French through its own stemming.
    expect((await json(`/api/v1/help/demo/articles?locale=ru&q=${encodeURIComponent('гироск')}`)).articles[0].id).toBe(about.body.article.id);
    const fr = await owner.post(
      '/api/v1/operator/help/articles',
      article({ locale: 'fr', title: 'Livraisons express', body: 'Nous livrons en 24 heures.', category: 'Livraison' }),
    );
    expect((await json(`/api/v1/help/demo/articles?locale=fr&q=${encodeURIComponent('livraison')}`)).articles.map((a: any) => a.id)).toEqual([
      fr.body.article.id,
    ]);
  });

  it("deletes an article's images with it, and an image taken out of a body on save, once no article of the project names them", async () => {
    const up = async (name: string) => (await owner.upload('/api/v1/operator/help/images', png(4, 3), { type: 'image/png', name })).body;
    const [x, y, loose] = [await up('x.png'), await up('y.png'), await up('loose.png')];
    const bytesOf = (img: { image: { id: string } }) => existsSync(join(srv.dataDir, 'files', img.image.id));
    const missing = await get('/api/v1/help/demo/files/nope');
    expect(missing.status).toBe(404);
    const gone = async (img: { path: string; image: { id: string } }) => {
      const r = await get(img.path);
      expect({ status: r.status, text: r.text, type: r.headers.get('content-type') }).toEqual({
        status: missing.status,
        text: missing.text.replace('nope', img.image.id),
        type: missing.headers.get('content-type'),
      });
      expect(bytesOf(img)).toBe(false);
    };
    const stored = async () => (await owner.get('/api/v1/operator/project/storage')).body.storage as { bytes: number; files: number };
    const a = (
      await owner.post('/api/v1/operator/help/articles', article({ title: 'Картинки A', body: `${x.markdown}\n\n${y.markdown}`, category: 'Картинки' }))
    ).body.article;
    const b = (
      await owner.post(
        '/api/v1/operator/help/articles',
        article({ locale: 'en', title: 'Pictures B', body: `See [the picture](${y.path}).`, category: 'Pictures' }),
      )
    ).body.article;
    const before = await stored();
    // Which saved copies the widget may keep: of the ids asked, the published articles (any locale).
    const draft = (await owner.post('/api/v1/operator/help/articles', article({ title: 'Черновик с картинкой', status: 'draft' }))).body.article;
    const alive = async () => (await json(`/api/v1/help/demo/articles?ids=${[a.id, b.id, draft.id, 'nope'].join(',')}`)).articles.map((x: any) => x.id).sort();
    expect(await alive()).toEqual([a.id, b.id].sort());
    expect((await get(`/api/v1/help/demo/articles?ids=${'x,'.repeat(20)}x`)).status).toBe(400);

    // Saved without x: x goes (rows and bytes, out of the quota); y stays (still in A and named by B).
    expect((await owner.patch(`/api/v1/operator/help/articles/${a.id}`, { body: `Only one now.\n\n${y.markdown}` })).status).toBe(200);
    await gone(x);
    expect((await get(y.path)).status).toBe(200);
    expect(await stored()).toMatchObject({ bytes: before.bytes - x.image.size, files: before.files - 1 });
    // A save that does not touch the body deletes nothing.
    expect((await owner.patch(`/api/v1/operator/help/articles/${a.id}`, { title: 'Картинки A2' })).status).toBe(200);
    expect((await get(y.path)).status).toBe(200);

    // A deleted: y is still named by B (another locale's article), so it stays; B deleted: y goes.
    expect((await owner.delete(`/api/v1/operator/help/articles/${a.id}`)).status).toBe(204);
    expect((await get(y.path)).status).toBe(200);
    expect(bytesOf(y)).toBe(true);
    expect((await owner.delete(`/api/v1/operator/help/articles/${b.id}`)).status).toBe(204);
    await gone(y);
    expect(await alive()).toEqual([]);
    // An image uploaded but not saved into any article yet (the editor still open) is not touched.
    expect((await get(loose.path)).status).toBe(200);
    expect(bytesOf(loose)).toBe(true);
  });
  // SQLite runs one write transaction at a time: only PostgreSQL has two saves at once.
  if (testStore() === 'postgres')
    it('on PostgreSQL a save that takes an image out waits for another save of the project, which names it: the image stays', async () => {
      const x = (await owner.upload('/api/v1/operator/help/images', png(4, 3), { type: 'image/png', name: 'race.png' })).body;
      const a = (await owner.post('/api/v1/operator/help/articles', article({ title: 'Race A', body: x.markdown }))).body.article;
      const b = (await owner.post('/api/v1/operator/help/articles', article({ title: 'Race B', body: 'No picture yet.' }))).body.article;
      const { default: pg } = await import('pg');
      const [other, watch] = [new pg.Client({ connectionString: srv.databaseUrl! }), new pg.Client({ connectionString: srv.databaseUrl! })];
      await Promise.all([other.connect(), watch.connect()]);
      try {
        // A second editor's save of B, naming x, not yet committed (it took the project's lock first, as every save does).
        await other.query('BEGIN');
        await other.query('UPDATE projects SET name = name WHERE id = (SELECT project_id FROM help_articles WHERE id = $1)', [b.id]);
        await other.query('UPDATE help_articles SET body = $1 WHERE id = $2', [`Now with it: ${x.markdown}`, b.id]);
        const saveA = owner.patch(`/api/v1/operator/help/articles/${a.id}`, { body: 'Taken out.' });
        const waiting = async () =>
          Number((await watch.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n);
        await expect.poll(waiting, { timeout: 10_000 }).toBe(1);
        await other.query('COMMIT');
        expect((await saveA).status).toBe(200);
      } finally {
        await Promise.all([other.end(), watch.end()]);
      }
      expect((await get(x.path)).status).toBe(200);
    });
});
