import type { WidgetConfigResponse } from '@parley/protocol';

// Types only, apart from config.ts: the generated validators name them, and config.ts imports the validators.

/** The config body without the presence (kept apart): the project's public config and its knowledge base's locales. */
export type WidgetConfigBody = Omit<WidgetConfigResponse, 'presence'>;

/** The config body as the chat keeps it (the project's working hours are the server's business). */
export type ChatConfig = Omit<WidgetConfigResponse, 'schedule'>;

type Enabled = { enabled: boolean };
/** The parts only lazily loaded code reads, each checked whole where it is read (session/config-check.ts). */
type LazyParts = 'offlineForm' | 'attachments' | 'preChat' | 'greetings';
/** What the chat chunk checks of the body (see schemas.ts ChatConfigSchema). */
export type ChatParts = Omit<ChatConfig, LazyParts> & { offlineForm: Enabled; attachments: Enabled; greetings: Enabled[] };

/** The parts of the config body the launcher reads (checked before interaction; see schemas.ts). */
export type LauncherConfig = Pick<WidgetConfigResponse, 'texts' | 'pageFilter' | 'devices' | 'appearance' | 'presence'> & {
  offlineForm: { enabled: boolean };
  greetings: { enabled: boolean }[];
};
