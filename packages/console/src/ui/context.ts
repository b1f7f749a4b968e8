import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AppServices } from '../app-services';
import type { Workspace } from '../state/workspace';

export const AppContext = createContext<AppServices | null>(null);
export const WorkspaceContext = createContext<Workspace | null>(null);

export function useApp(): AppServices {
  const app = useContext(AppContext);
  if (!app) throw new Error('AppContext missing');
  return app;
}

export function useWorkspace(): Workspace {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error('WorkspaceContext missing');
  return ws;
}

/** The translate function of the console's current language (re-renders when it changes). */
export function useT() {
  const { i18n } = useApp();
  // Reading the signal subscribes the component, so a language switch re-renders it.
  void i18n.locale.value;
  return i18n.t;
}
