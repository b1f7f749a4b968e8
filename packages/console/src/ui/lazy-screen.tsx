import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import { useT } from './context';

/** A screen loaded on demand (settings, statistics): most sessions never open it, so it stays out of the first download. */
export function LazyScreen<P extends object>({ load, props }: { load: () => Promise<FunctionComponent<P>>; props: P }) {
  const t = useT();
  const Loaded = useSignal<FunctionComponent<P> | null>(null);
  const failed = useSignal(false);
  useEffect(() => {
    let live = true;
    load()
      .then((c) => {
        if (live) Loaded.value = c;
      })
      .catch(() => {
        if (live) failed.value = true;
      });
    return () => {
      live = false;
    };
  }, []);
  if (failed.value)
    return (
      <p class="error" role="alert">
        {t('error.network')}
      </p>
    );
  const C = Loaded.value;
  return C ? (
    <C {...props} />
  ) : (
    <p class="empty" role="status">
      {t('app.loading')}
    </p>
  );
}
