import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { HelpRoutes, MAX_ARTICLE_CATEGORY, MAX_ARTICLE_TITLE, type Article, type ArticleBody } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { useAction } from '../use-action';
import { LocaleField } from './channels-settings';
import { HelpAccess } from './help-access';
import { ArticleBodyField } from './article-body';

const EMPTY: ArticleBody = { locale: 'ru', title: '', body: '', category: '', status: 'draft', position: 0 };

/** Settings → Knowledge base: articles per language, Markdown, draft or published, category and order (admins; operators when allowed). */
export function HelpSettings() {
  const ws = useWorkspace();
  const t = useT();
  const list = useSignal<Article[] | null>(null);
  const editing = useSignal<{ id: string | null; draft: ArticleBody } | null>(null);
  const { error, busy, run } = useAction();
  const project = ws.project.info.value?.id ?? '';
  useEffect(() => {
    void run(async () => {
      list.value = await ws.api.articles();
    });
  }, []);
  const e = editing.value;
  // From the signal, not this render's `e`: an image upload finishes after more edits.
  const set = (patch: Partial<ArticleBody>) => {
    const cur = editing.value;
    if (cur) editing.value = { ...cur, draft: { ...cur.draft, ...patch } };
  };
  const save = () =>
    run(async () => {
      if (!e) return;
      const saved = e.id ? await ws.api.updateArticle(e.id, e.draft) : await ws.api.createArticle(e.draft);
      list.value = e.id ? (list.value ?? []).map((a) => (a.id === saved.id ? saved : a)) : [...(list.value ?? []), saved];
      editing.value = null;
    });
  return (
    <section>
      <h3>{t('settings.help')}</h3>
      <p class="muted">{t('help.hint', { url: `${location.origin}${HelpRoutes.page(project)}` })}</p>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {ws.isAdmin.value && <HelpAccess />}
      {list.value && list.value.length === 0 && <p class="muted">{t('help.none')}</p>}
      <ul class="help-articles">
        {list.value?.map((a) => (
          <li key={a.id} data-id={a.id}>
            <strong>{a.title}</strong>{' '}
            <span class="muted">{[a.locale, a.category, t(a.status === 'published' ? 'help.published' : 'help.draft')].filter(Boolean).join(' · ')}</span>{' '}
            <button
              type="button"
              class="btn small"
              onClick={() =>
                (editing.value = {
                  id: a.id,
                  draft: { locale: a.locale, title: a.title, body: a.body, category: a.category, status: a.status, position: a.position },
                })
              }
            >
              {t('help.edit')}
            </button>{' '}
            <button
              type="button"
              class="btn small"
              disabled={busy.value}
              onClick={() =>
                run(async () => {
                  await ws.api.removeArticle(a.id);
                  list.value = (list.value ?? []).filter((x) => x.id !== a.id);
                })
              }
            >
              {t('help.delete')}
            </button>
          </li>
        ))}
      </ul>
      {!e && (
        <button type="button" class="btn" onClick={() => (editing.value = { id: null, draft: { ...EMPTY } })}>
          {t('help.new')}
        </button>
      )}
      {e && (
        <form
          class="form"
          onSubmit={(ev) => {
            ev.preventDefault();
            void save();
          }}
        >
          <label class="field">
            <span>{t('help.title')}</span>
            <input required maxLength={MAX_ARTICLE_TITLE} value={e.draft.title} onInput={(ev) => set({ title: ev.currentTarget.value })} />
          </label>
          <label class="field">
            <span>{t('help.category')}</span>
            <input maxLength={MAX_ARTICLE_CATEGORY} value={e.draft.category} onInput={(ev) => set({ category: ev.currentTarget.value })} />
          </label>
          <LocaleField label={t('help.locale')} value={e.draft.locale} onChange={(locale) => set({ locale })} />
          <label class="field">
            <span>{t('help.status')}</span>
            <select value={e.draft.status} onChange={(ev) => set({ status: ev.currentTarget.value as ArticleBody['status'] })}>
              <option value="draft">{t('help.draft')}</option>
              <option value="published">{t('help.published')}</option>
            </select>
          </label>
          <label class="field">
            <span>{t('help.position')}</span>
            <input
              type="number"
              min={0}
              value={e.draft.position}
              onInput={(ev) => set({ position: Math.max(0, Math.trunc(Number(ev.currentTarget.value) || 0)) })}
            />
          </label>
          <ArticleBodyField value={e.draft.body} onChange={(body) => set({ body })} />
          <button type="submit" class="btn primary" disabled={busy.value}>
            {e.id ? t('help.save') : t('help.add')}
          </button>
        </form>
      )}
    </section>
  );
}
