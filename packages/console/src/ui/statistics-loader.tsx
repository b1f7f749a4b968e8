import { LazyScreen } from './lazy-screen';

const load = () => import('./statistics/statistics-screen').then((m) => m.StatisticsScreen);

/** The statistics screen loads on demand (its charts even later): most sessions never open it. */
export function StatisticsLoader() {
  return <LazyScreen load={load} props={{}} />;
}
