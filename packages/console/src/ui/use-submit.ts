import { useSignal } from '@preact/signals';
import { describeError } from '../state/errors';
import { useApp } from './context';

export interface FormMessage {
  ok: boolean;
  text: string;
}

/**
 * A form's request outside or inside the workspace (sign-in pages too): `busy` while it runs,
 * `msg` with the success text the action returns, or the error's text. `submit` resolves true on
 * success.
 */
export function useSubmit() {
  const { i18n } = useApp();
  const busy = useSignal(false);
  const msg = useSignal<FormMessage | null>(null);
  /** `explain` may name an error better than the generic text (null: use the generic one). */
  async function submit(action: () => Promise<string | null>, explain?: (e: unknown) => string | null): Promise<boolean> {
    busy.value = true;
    msg.value = null;
    try {
      const text = await action();
      if (text) msg.value = { ok: true, text };
      return true;
    } catch (e) {
      msg.value = { ok: false, text: explain?.(e) ?? describeError(e, i18n) };
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, msg, submit };
}
