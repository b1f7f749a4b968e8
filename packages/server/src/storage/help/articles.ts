import { inList, type SqlExec } from '../sql';
import type { Dialect } from '../sql';

export interface ArticleRow {
  id: string;
  project_id: string;
  locale: string;
  title: string;
  body: string;
  category: string;
  status: string;
  position: number;
  search: string;
  created_at: number;
  updated_at: number;
}

const COLS = 'id, project_id, locale, title, body, category, status, position, search, created_at, updated_at';
/** The same columns of the search's `a` (the articles joined to their match). */
const A_COLS = COLS.split(', ')
  .map((c) => `a.${c}`)
  .join(', ');
const ORDER = 'ORDER BY category, position, title, id';

/** Without a full-text index: every stem (or one) as a word start in `search`; the order is the articles' own. */
function likeMatch(stems: readonly string[], any: boolean): { from: string; params: unknown[] } {
  const cond = stems.map(() => "(' ' || search) LIKE ?").join(any ? ' OR ' : ' AND ');
  return {
    from: `help_articles a JOIN (SELECT n, position AS rank FROM help_articles WHERE ${cond}) f ON f.n = a.n`,
    params: stems.map((t) => `% ${t.replace(/[%_]/g, '')}%`),
  };
}

export const articles = {
  /**
   * Orders the article writes of one project: PostgreSQL holds the project's row lock to the commit
   * (SQLite runs one write transaction at a time anyway). A save that drops an image decides "no
   * article names it any more" only after every other save of the project that may name it.
   */
  async lockProject(x: SqlExec, projectId: string): Promise<void> {
    await x.run('UPDATE projects SET name = name WHERE id = ?', [projectId]);
  },
  ofProject(x: SqlExec, projectId: string): Promise<ArticleRow[]> {
    return x.all<ArticleRow>(`SELECT ${COLS} FROM help_articles WHERE project_id = ? ORDER BY locale, category, position, title, id`, [projectId]);
  },
  one(x: SqlExec, projectId: string, id: string): Promise<ArticleRow | undefined> {
    return x.get<ArticleRow>(`SELECT ${COLS} FROM help_articles WHERE project_id = ? AND id = ?`, [projectId, id]);
  },
  published(x: SqlExec, projectId: string, locale: string, category: string | undefined, limit: number): Promise<ArticleRow[]> {
    const params: unknown[] = [projectId, locale];
    const cat = category === undefined ? '' : ' AND category = ?';
    if (category !== undefined) params.push(category);
    params.push(limit);
    return x.all<ArticleRow>(`SELECT ${COLS} FROM help_articles WHERE project_id = ? AND locale = ? AND status = 'published'${cat} ${ORDER} LIMIT ?`, params);
  },
  /** The locales the project has published articles in (the widget's config says so). */
  publishedLocales(x: SqlExec, projectId: string): Promise<{ locale: string }[]> {
    return x.all<{ locale: string }>(`SELECT DISTINCT locale FROM help_articles WHERE project_id = ? AND status = 'published' ORDER BY locale`, [projectId]);
  },
  /** Which of `ids` are published articles of the project (any locale). */
  publishedOf(x: SqlExec, projectId: string, ids: readonly string[]): Promise<ArticleRow[]> {
    return x.all<ArticleRow>(`SELECT ${COLS} FROM help_articles WHERE project_id = ? AND status = 'published' AND id IN (${inList(ids.length)}) ${ORDER}`, [
      projectId,
      ...ids,
    ]);
  },
  /** Published articles matching every stem (`any`: at least one), the last as a prefix, best first. */
  search(
    x: SqlExec,
    d: Dialect,
    projectId: string,
    locale: string,
    stems: readonly string[],
    category: string | undefined,
    limit: number,
    any = false,
  ): Promise<ArticleRow[]> {
    const m = d.helpMatch ? d.helpMatch(stems, any) : likeMatch(stems, any);
    const params: unknown[] = [...m.params, projectId, locale];
    const cat = category === undefined ? '' : ' AND a.category = ?';
    if (category !== undefined) params.push(category);
    params.push(limit);
    return x.all<ArticleRow>(
      `SELECT ${A_COLS} FROM ${m.from} WHERE a.project_id = ? AND a.locale = ? AND a.status = 'published'${cat} ORDER BY f.rank LIMIT ?`,
      params,
    );
  },
  categories(x: SqlExec, projectId: string, locale: string): Promise<{ category: string }[]> {
    return x.all(
      `SELECT DISTINCT category FROM help_articles WHERE project_id = ? AND locale = ? AND status = 'published' AND category <> '' ORDER BY category`,
      [projectId, locale],
    );
  },
  async insert(x: SqlExec, r: ArticleRow): Promise<void> {
    const cols = Object.keys(r);
    await x.run(
      `INSERT INTO help_articles (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      cols.map((c) => r[c as keyof ArticleRow]),
    );
  },
  async update(x: SqlExec, r: ArticleRow): Promise<void> {
    await x.run(
      'UPDATE help_articles SET locale = ?, title = ?, body = ?, category = ?, status = ?, position = ?, search = ?, updated_at = ? WHERE id = ? AND project_id = ?',
      [r.locale, r.title, r.body, r.category, r.status, r.position, r.search, r.updated_at, r.id, r.project_id],
    );
  },
  async remove(x: SqlExec, projectId: string, id: string): Promise<number> {
    return (await x.run('DELETE FROM help_articles WHERE project_id = ? AND id = ?', [projectId, id])).changes;
  },
  async event(x: SqlExec, projectId: string, articleId: string, kind: string, at: number): Promise<void> {
    await x.run('INSERT INTO help_events (project_id, article_id, kind, at) VALUES (?, ?, ?, ?)', [projectId, articleId, kind, at]);
  },
  counts(x: SqlExec, projectId: string, from: number, to: number): Promise<{ kind: string; n: number }[]> {
    return x.all('SELECT kind, count(*) AS n FROM help_events WHERE project_id = ? AND at >= ? AND at < ? GROUP BY kind', [projectId, from, to]);
  },
};
