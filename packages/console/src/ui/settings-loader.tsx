import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import type { SettingsSection } from '../lib/route';
import { useT } from './context';

type SettingsComponent = FunctionComponent<{ section: SettingsSection }>;

/** Settings load on demand: most sessions never open them, so they stay out of the first download. */
export function SettingsLoader({ section }: { section: SettingsSection }) {
  const t = useT();
  const Loaded = useSignal<SettingsComponent | null>(null);
  const failed = useSignal(false);
  useEffect(() => {
    let live = true;
    import('./settings/settings-screen')
      .then((m) => {
        if (live) Loaded.value = m.SettingsScreen;
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
  return C ? <C section={section} /> : <p class="empty" role="status">{t('app.loading')}</p>;
}
