import { useSignal } from '@preact/signals';
import { useT } from './context';

/** Copies a value (the text stays selectable too, for Ctrl+C). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useT();
  const done = useSignal(false);
  return (
    <button
      type="button"
      class="btn small link copy"
      aria-label={label}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          done.value = true;
          setTimeout(() => {
            done.value = false;
          }, 1500);
        } catch {
          done.value = false;
        }
      }}
    >
      {done.value ? t('action.copied') : t('action.copy')}
    </button>
  );
}
