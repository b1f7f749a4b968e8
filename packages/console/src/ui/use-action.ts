import { useSignal } from '@preact/signals';
import { useWorkspace } from './context';

/**
 * A button's request: `busy` while it runs, `error` with the server's (or our) text when it fails.
 * `run` resolves true when the action succeeded, so callers can follow up.
 */
export function useAction() {
  const ws = useWorkspace();
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      await action();
      return true;
    } catch (e) {
      error.value = ws.errorText(e);
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
