import { cloneElement, type VNode } from 'preact';
import { useId } from 'preact/hooks';

/**
 * A labelled control with an optional hint and error. Both sit outside the label (so they are
 * not part of the control's name) and are linked to the control with aria-describedby; an error
 * also marks the control aria-invalid.
 */
export function Field({ label, hint, error, children }: { label: string; hint?: string | null | false; error?: string | null; children: VNode }) {
  const hintId = useId();
  const errorId = useId();
  const described = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  const control = described ? cloneElement(children, { 'aria-describedby': described, 'aria-invalid': error ? 'true' : undefined }) : children;
  return (
    <div class="field">
      <label class="field-label">
        <span>{label}</span>
        {control}
      </label>
      {hint && (
        <small id={hintId} class="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={errorId} class="error field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
