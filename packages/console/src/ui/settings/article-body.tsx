import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { ARTICLE_IMAGE_TYPES, MAX_ARTICLE_BODY, type HelpNode } from '@parley/protocol';
import { useT, useWorkspace } from '../context';
import { useAction } from '../use-action';
import { ArticleDoc } from './article-doc';

const IMAGE_TYPES: readonly string[] = ARTICLE_IMAGE_TYPES;

/**
 * The article's Markdown with images: a button, a paste or a drop uploads each image through the
 * server's file rules and inserts `![name](path)` where the caret is (the server refuses what the
 * rules refuse, and says why). Preview shows the text as readers will get it: rendered by the
 * server (the same Markdown renderer and image policy as the widget and the public page).
 */
export function ArticleBodyField({ value, onChange }: { value: string; onChange: (body: string) => void }) {
  const ws = useWorkspace();
  const t = useT();
  const area = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const uploading = useSignal(0);
  const { error, run } = useAction();
  /** The rendered text while Preview is on (null: Write). */
  const preview = useSignal<readonly HelpNode[] | 'loading' | null>(null);
  const { error: previewError, run: runPreview } = useAction();
  // The latest text, for uploads that finish after more typing.
  const latest = useRef(value);
  latest.current = value;

  const insert = (files: readonly File[]) => {
    const images = files.filter((f) => IMAGE_TYPES.includes(f.type) || f.type === '');
    if (images.length === 0) return false;
    for (const file of images) {
      uploading.value++;
      void run(async () => {
        try {
          const { markdown } = await ws.api.uploadArticleImage(file);
          const el = area.current;
          const text = latest.current;
          const at = el && document.activeElement === el ? el.selectionStart : text.length;
          const before = text.slice(0, at);
          const pad = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
          const next = `${before}${pad}${markdown}\n\n${text.slice(at).replace(/^\n+/, '')}`;
          latest.current = next;
          onChange(next);
        } finally {
          uploading.value--;
        }
      });
    }
    return true;
  };
  const filesOf = (list: FileList | null | undefined) => Array.from(list ?? []);

  return (
    <div class="field article-body">
      <div class="row">
        <label for="article-body">{t('help.body')}</label>
        <span role="tablist" class="article-modes">
          <button type="button" role="tab" class="btn small" aria-selected={preview.value === null} onClick={() => (preview.value = null)}>
            {t('help.write')}
          </button>
          <button
            type="button"
            role="tab"
            class="btn small"
            aria-selected={preview.value !== null}
            onClick={() => {
              if (preview.value !== null) return;
              preview.value = 'loading';
              void runPreview(async () => {
                try {
                  const doc = await ws.api.previewArticle(latest.current);
                  if (preview.value === 'loading') preview.value = doc;
                } catch (e) {
                  preview.value = null;
                  throw e;
                }
              });
            }}
          >
            {t('help.preview')}
          </button>
        </span>
      </div>
      {previewError.value && (
        <p class="error" role="alert">
          {previewError.value}
        </p>
      )}
      {preview.value !== null && (
        <div role="tabpanel" aria-label={t('help.preview')} class="article-preview">
          {preview.value === 'loading' ? <p class="muted">…</p> : <ArticleDoc doc={preview.value} />}
        </div>
      )}
      <textarea
        hidden={preview.value !== null}
        id="article-body"
        ref={area}
        rows={12}
        maxLength={MAX_ARTICLE_BODY}
        value={value}
        onInput={(ev) => onChange(ev.currentTarget.value)}
        onPaste={(ev) => {
          if (insert(filesOf(ev.clipboardData?.files))) ev.preventDefault();
        }}
        onDragOver={(ev) => {
          if (ev.dataTransfer?.types.includes('Files')) ev.preventDefault();
        }}
        onDrop={(ev) => {
          if (insert(filesOf(ev.dataTransfer?.files))) ev.preventDefault();
        }}
      />
      <div class="row" hidden={preview.value !== null}>
        <button type="button" class="btn small" onClick={() => picker.current?.click()}>
          {t('help.image')}
        </button>
        <input
          ref={picker}
          type="file"
          accept={IMAGE_TYPES.join(',')}
          multiple
          hidden
          data-testid="article-image"
          onChange={(ev) => {
            insert(filesOf(ev.currentTarget.files));
            ev.currentTarget.value = '';
          }}
        />{' '}
        <span class="muted">{uploading.value > 0 ? t('help.imageUploading') : t('help.imageHint')}</span>
      </div>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
    </div>
  );
}
