import { useT, useWorkspace } from './context';

/** Who else is typing here: the visitor (with their draft, when shared) and other operators. */
export function TypingIndicator({ dialogId }: { dialogId: string }) {
  const ws = useWorkspace();
  const t = useT();
  const state = ws.typing.board.value.get(dialogId);
  if (!state) return <div class="typing" aria-hidden="true" />;
  return (
    <div class="typing">
      {state.visitor && (
        <p class="typing-visitor">
          <span>{t('typing.visitor')}</span>
          {state.draft && <span class="typing-draft">{state.draft}</span>}
        </p>
      )}
      {state.operators.map((o) => (
        <p key={o.id} class="typing-operator">
          {t('typing.operator', { name: o.name })}
        </p>
      ))}
    </div>
  );
}
