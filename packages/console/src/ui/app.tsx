import type { AppServices } from '../app-services';
import { AppContext } from './context';
import { SessionGate } from './session-gate';

/** Root: provides the services to every component. */
export function App({ services }: { services: AppServices }) {
  return (
    <AppContext.Provider value={services}>
      <SessionGate />
    </AppContext.Provider>
  );
}
