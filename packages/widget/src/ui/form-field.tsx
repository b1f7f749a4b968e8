/** @jsxRuntime classic */
/** @jsx _h */
/** @jsxFrag _F */
import { h as _h, Fragment as _F } from 'preact';
import type { FieldMode } from '@parley/protocol';
import type { Translate } from '../core/state';
import type { TextKey } from '../core/texts';
import type { RequestState } from '../session/chat';
import { parse, type V } from '../core/check';
import { warn } from '../core/warn';

/** Each settings object checked, and its result (one warning for a bad one, however often the form renders). */
const checked = new WeakMap<object, ReturnType<typeof parse>>();
/**
 * A form's settings, checked here where they are read (the chat passes this part of the config on
 * as it came, see session/config-check.ts): null, reported once, when they are not valid.
 */
export function settingsOf<T>(check: V<T>, name: string, raw: unknown): T | null {
  let r = checked.get(raw as object);
  if (!r) {
    r = parse(check, raw);
    if (!r.ok) warn(`config failed validation at ${name}${r.path && '.' + r.path}`);
    if (raw && typeof raw == 'object') checked.set(raw, r);
  }
  return r.ok ? (r.value as T) : null;
}

/** The forms' styles (offline and pre-chat), adopted with the form's chunk (lazy-view.tsx). */
export const FORM_CSS = `
.fm{flex:1;overflow-y:auto;overscroll-behavior:contain;display:flex;flex-direction:column;padding:16px;gap:12px}
.fm p,.op{color:var(--mu);font-weight:400}
.fe{color:var(--er);font-size:13px;font-weight:400}
label{display:flex;flex-direction:column;gap:4px;font-size:13px;font-weight:600}
`;

const AUTOCOMPLETE: Readonly<Record<string, string>> = { name: 'name', phone: 'tel', email: 'email', message: 'off' };
const MAX: Readonly<Record<string, number>> = { name: 200, phone: 32, email: 254, message: 5000 };

/** One field of the offline and pre-chat forms: label, "(optional)", the input (a select when given options), its error. */
export function FormField({
  form,
  name,
  mode,
  value,
  error,
  t,
  onInput,
  options,
}: {
  form: string;
  name: 'name' | 'phone' | 'email' | 'message' | 'group';
  mode: FieldMode;
  value: string;
  error: TextKey | null;
  t: Translate;
  onInput(value: string): void;
  options?: readonly { id: string; label: string }[];
}) {
  const id = `parley-${form}-${name}`;
  const attrs = {
    id,
    name,
    autocomplete: AUTOCOMPLETE[name],
    maxLength: MAX[name],
    required: mode === 'required',
    'aria-invalid': error ? 'true' : 'false',
    'aria-describedby': error ? `${id}-e` : undefined,
    value,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  } as const;
  return (
    <label for={id}>
      <span>
        {t(`form.${name}`)}
        {mode === 'optional' && <span class="op"> {t('form.optional')}</span>}
      </span>
      {options ? (
        <select {...attrs}>
          <option value="">—</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      ) : name === 'message' ? (
        <textarea rows={4} {...attrs} />
      ) : (
        <input type={name === 'name' ? 'text' : name === 'phone' ? 'tel' : 'email'} {...attrs} />
      )}
      {error && (
        <span class="fe" id={`${id}-e`}>
          {t(error)}
        </span>
      )}
    </label>
  );
}

/** The text of a field's problem. */
export const problemText = (name: string, problem: string): TextKey =>
  problem === 'required' || name === 'group' ? 'form.required' : name === 'email' ? 'form.invalidEmail' : 'form.invalidPhone';

/** The end of the offline and pre-chat forms: the server's refusal, if any, and the submit button. */
export function FormEnd({ request, t, submit }: { request: RequestState; t: Translate; submit: TextKey }) {
  return (
    <>
      {request.status === 'error' && (
        <div class="er" role="alert">
          {request.message}
        </div>
      )}
      <button type="submit" class="btn" disabled={request.status === 'pending'}>
        {t(request.status === 'pending' ? 'status.sending' : submit)}
      </button>
    </>
  );
}
