import type { SettingsSection } from '../lib/route';
import { LazyScreen } from './lazy-screen';

const load = () => import('./settings/settings-screen').then((m) => m.SettingsScreen);

/** Settings load on demand: most sessions never open them, so they stay out of the first download. */
export function SettingsLoader({ section }: { section: SettingsSection }) {
  return <LazyScreen load={load} props={{ section }} />;
}
