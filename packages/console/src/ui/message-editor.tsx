import { useSignal } from '@preact/signals';
import { useEffect, useId, useRef } from 'preact/hooks';
import { MAX_MESSAGE_LENGTH } from '@parley/protocol';
import { useT } from './context';
import { useAction } from './use-action';

/** Inline edit of one's own message: Enter saves, Shift+Enter is a new line, Escape cancels. */
export function MessageEditor({ initial, onSave, onCancel }: { initial: string; onSave(text: string): Promise<void>; onCancel(): void }) {
  const t = useT();
  const text = useSignal(initial);
  const { busy, error, run } = useAction();
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  async function save() {
    const value = text.value.trim();
    if (!value || busy.value) return;
    if (value === initial.trim()) {
      onCancel();
      return;
    }
    await run(() => onSave(value));
  }

  return (
    <form
      class="msg-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label class="sr-only" for={id}>
        {t('message.editLabel')}
      </label>
      <textarea
        id={id}
        ref={ref}
        rows={3}
        maxLength={MAX_MESSAGE_LENGTH}
        value={text.value}
        onInput={(e) => {
          text.value = e.currentTarget.value;
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <div class="msg-editor-actions">
        <button type="submit" class="btn small primary" disabled={busy.value || !text.value.trim()}>
          {t('action.save')}
        </button>
        <button type="button" class="btn small" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
      {error.value && (
        <p class="error small" role="alert">
          {error.value}
        </p>
      )}
    </form>
  );
}
