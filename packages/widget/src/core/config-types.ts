import type { WidgetConfigResponse } from '@parley/protocol';

// Types only, apart from config.ts: the generated validators name them, and config.ts imports the validators.

/** The config body as the chat checks it (the project's working hours are the server's business). */
export type ChatConfig = Omit<WidgetConfigResponse, 'schedule'>;

/** The parts of the config body the launcher reads (checked before interaction; see schemas.ts). */
export type LauncherConfig = Pick<WidgetConfigResponse, 'texts' | 'pageFilter' | 'devices' | 'appearance' | 'presence'> & {
  offlineForm: { enabled: boolean };
  greetings: { enabled: boolean }[];
};
