import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import { useT } from './context';

/** The statistics screen loads on demand (its charts even later): most sessions never open it. */
export function StatisticsLoader() {
  const t = useT();
  const Loaded = useSignal<FunctionComponent | null>(null);
  const failed = useSignal(false);
  useEffect(() => {
    let live = true;
    import('./statistics/statistics-screen')
      .then((m) => {
        if (live) Loaded.value = m.StatisticsScreen;
      })
      .catch(() => {
        if (live) failed.value = true;
      });
    return () => {
      live = false;
    };
  }, []);
  if (failed.value) return <p class="error" role="alert">{t('error.network')}</p>;
  const C = Loaded.value;
  return C ? <C /> : <p class="empty" role="status">{t('app.loading')}</p>;
}
