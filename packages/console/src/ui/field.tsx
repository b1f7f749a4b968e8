import { cloneElement, type VNode } from 'preact';
import { useId } from 'preact/hooks';

/**
 * A labelled control with an optional hint. The hint sits outside the label (so it is not part
 * of the control's name) and is linked to the control with aria-describedby.
 */
export function Field({ label, hint, children }: { label: string; hint?: string | null | false; children: VNode }) {
  const hintId = useId();
  return (
    <div class="field">
      <label class="field-label">
        <span>{label}</span>
        {hint ? cloneElement(children, { 'aria-describedby': hintId }) : children}
      </label>
      {hint && <small id={hintId} class="muted">{hint}</small>}
    </div>
  );
}
